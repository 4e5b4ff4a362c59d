// The template's functions as local execution environments: the built bundle, the environment
// variables (Lambda's own, then the template's, Globals merged, with intrinsics resolved to local
// resources), and the timeout and memory size.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { functionsOf, textOf, type CfnValue } from '../scripts/lib/template.js';
import type { FunctionConfig } from './lambda.js';
import { resolveValue, type ResolveContext } from './resolve.js';

function variablesOf(ctx: ResolveContext, environment: CfnValue | undefined): Record<string, string> {
  const variables = (environment as { Variables?: CfnValue } | undefined)?.Variables;
  if (!variables) return {};
  const resolved = (resolveValue(ctx, variables) ?? {}) as Record<string, CfnValue>;
  return Object.fromEntries(Object.entries(resolved).map(([name, value]) => [name, textOf(value, name)]));
}

/** build/<Id>/<file>.mjs|.js|.cjs for Handler "<file>.<export>". */
function bundleOf(buildDir: string, id: string, handler: string): { file: string; handlerName: string } {
  const dot = handler.lastIndexOf('.');
  const base = join(buildDir, id, handler.slice(0, dot));
  const file = ['.mjs', '.js', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`${id}: no built handler at ${base}.mjs; run npm run build`);
  return { file, handlerName: handler.slice(dot + 1) };
}

/**
 * LOCAL_MAX_ENVIRONMENTS: how many execution environments (worker threads) each function may run at
 * once; by default two per CPU core (see FunctionConfig.maxEnvironments).
 */
export function maxEnvironmentsOf(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.LOCAL_MAX_ENVIRONMENTS;
  if (value === undefined || value === '') return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new Error(`LOCAL_MAX_ENVIRONMENTS must be a positive integer, got ${value}`);
  return count;
}

/**
 * `local` holds what only the local stack adds: the emulator endpoints (COGNITO_ENDPOINT,
 * AWS_ENDPOINT_URL_DYNAMODB) and credentials the emulators accept.
 */
export function functionConfigsOf(ctx: ResolveContext, buildDir: string, local: Record<string, string>): FunctionConfig[] {
  const maxEnvironments = maxEnvironmentsOf();
  return functionsOf(ctx.template).map(({ id, properties }) => {
    const logGroup = resolveValue(
      ctx,
      ((properties.LoggingConfig ?? {}) as Record<string, CfnValue>).LogGroup ?? `/aws/lambda/${ctx.stackName}-${id}`,
    );
    const memorySize = Number(resolveValue(ctx, properties.MemorySize ?? 128));
    const runtime = textOf(resolveValue(ctx, properties.Runtime ?? 'nodejs24.x'), 'Runtime');
    const environment = {
      // What the Lambda runtime sets. AWS_SAM_LOCAL tells Powertools there is no X-Ray daemon here.
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      AWS_REGION: ctx.region,
      AWS_DEFAULT_REGION: ctx.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: `${ctx.stackName}-${id}`,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: textOf(logGroup, 'LogGroup'),
      // Powertools reports a cold start (log key, X-Ray annotation) only for this initialization type.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: textOf(properties.Handler, 'Handler'),
      AWS_SAM_LOCAL: 'true',
      ...local,
      ...variablesOf(ctx, properties.Environment),
    };
    return {
      id,
      ...bundleOf(buildDir, id, textOf(properties.Handler, 'Handler')),
      environment,
      timeoutSeconds: Number(resolveValue(ctx, properties.Timeout ?? 3)),
      memorySize,
      ...(maxEnvironments ? { maxEnvironments } : {}),
    };
  });
}
