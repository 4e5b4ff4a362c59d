// Lambda triggers: a pool's LambdaConfig names a function per trigger; the emulator builds Cognito's
// event, invokes the function through the hook the local stack gives (worker threads), and answers a
// failure as Cognito does. Event shapes: the developer guide's trigger pages (and @types/aws-lambda).
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
import type { Context } from './context.js';
import { CognitoError, invalidParameter } from './errors.js';
import type { Pool, User } from './model.js';

/** What a function invocation gave: its result, or its error as Lambda reports it. */
export type TriggerResult = { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string };

/** The local stack's hook: invokes the function `functionArn` names with `event`. */
export type InvokeTrigger = (functionArn: string, event: TriggerEvent) => Promise<TriggerResult>;

export type TriggerName =
  'PreSignUp' | 'PostConfirmation' | 'PreAuthentication' | 'PostAuthentication' | 'PreTokenGeneration' | 'CustomMessage';

export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface LambdaConfig {
  PreSignUp?: string;
  PostConfirmation?: string;
  PreAuthentication?: string;
  PostAuthentication?: string;
  PreTokenGeneration?: string;
  PreTokenGenerationConfig?: { LambdaArn?: string; LambdaVersion?: string };
  CustomMessage?: string;
  [other: string]: unknown;
}

// Triggers the emulator does not run yet: refused when a pool names them, rather than silently skipped.
const NOT_EMULATED = [
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'UserMigration',
  'CustomEmailSender',
  'CustomSMSSender',
  'KMSKeyID',
];
const EMULATED = ['PreSignUp', 'PostConfirmation', 'PreAuthentication', 'PostAuthentication', 'PreTokenGeneration', 'CustomMessage'];
// The API model's pattern for a trigger's function ARN (LambdaConfigType).
const FUNCTION_ARN = /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/;

function checkArn(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length < 20 || value.length > 2048 || !FUNCTION_ARN.test(value))
    throw invalidParameter(
      `1 validation error detected: Value '${String(value)}' at 'lambdaConfig.${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?`,
    );
}

/** CreateUserPool/UpdateUserPool: the function ARNs, the event version, and the triggers the emulator runs. */
export function checkLambdaConfig(config: LambdaConfig | undefined, tier: Pool['UserPoolTier']): void {
  if (config === undefined) return;
  for (const [name, value] of Object.entries(config)) {
    if (NOT_EMULATED.includes(name)) throw invalidParameter(`The ${name} trigger is not supported by the local Cognito emulator yet`);
    if (name === 'PreTokenGenerationConfig') continue;
    if (!EMULATED.includes(name)) throw invalidParameter(`Unknown trigger ${name} in LambdaConfig`);
    checkArn(name, value);
  }
  const versioned = config.PreTokenGenerationConfig;
  if (!versioned) return;
  checkArn('PreTokenGenerationConfig.LambdaArn', versioned.LambdaArn);
  if (!['V1_0', 'V2_0', 'V3_0'].includes(String(versioned.LambdaVersion)))
    throw invalidParameter(`Invalid LambdaVersion ${String(versioned.LambdaVersion)}`);
  // Access token customization (V2_0, V3_0) needs the Essentials or Plus feature plan.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
  if (versioned.LambdaVersion !== 'V1_0' && tier === 'LITE')
    throw new CognitoError(
      'FeatureUnavailableInTierException',
      "Access token customization is not available in the user pool's feature plan (tier).",
    );
}

const lambdaConfigOf = (pool: Pool) => (pool.LambdaConfig ?? {}) as LambdaConfig;

/** The function a trigger invokes, if the pool has one; PreTokenGenerationConfig wins over PreTokenGeneration. */
export function triggerArn(pool: Pool, name: TriggerName): string | undefined {
  const config = lambdaConfigOf(pool);
  if (name === 'PreTokenGeneration') return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
  const arn = config[name];
  return typeof arn === 'string' ? arn : undefined;
}

/** The pre token generation event version: 1 (ID token only), 2 (access token too), or 3. */
export function preTokenGenerationVersion(pool: Pool): '1' | '2' | '3' {
  const version = lambdaConfigOf(pool).PreTokenGenerationConfig?.LambdaVersion;
  return version === 'V2_0' ? '2' : version === 'V3_0' ? '3' : '1';
}

/** A user's attributes as events carry them: with `sub` and `cognito:user_status`. */
export const eventAttributesOf = (user: User): Record<string, string> => ({
  sub: user.sub,
  ...user.attributes,
  'cognito:user_status': user.status,
});

// Admin operations have no app client: Cognito says so in callerContext.
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

export interface TriggerCall {
  triggerSource: string;
  userName: string;
  clientId: string;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  version?: string;
}

// Cognito waits 5 seconds for a function, tries 3 times, then gives up.
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html#important-lambda-considerations
const ATTEMPTS = 3;

const unexpected = (name: TriggerName, reason: string) =>
  new CognitoError('UnexpectedLambdaException', `${name} invocation failed due to error ${reason}.`);
const invalidResponse = (message: string) => new CognitoError('InvalidLambdaResponseException', message);
export const unrecognizableOutput = () => invalidResponse('Unrecognizable lambda output');

async function attempt(ctx: Context, arn: string, event: TriggerEvent): Promise<TriggerResult | 'timeout'> {
  const invoke = ctx.invokeTrigger;
  if (!invoke) return { ok: false, errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ctx.triggerTimeoutMs);
  });
  try {
    return await Promise.race([invoke(arn, event), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the pool's `name` trigger, if it has one, and returns the `response` the function gave back
 * (undefined without a trigger). A function error is UserLambdaValidationException "<Trigger> failed
 * with error <message>."; no answer in time, UnexpectedLambdaException; a result that is not an event,
 * InvalidLambdaResponseException.
 */
export async function runTrigger(
  ctx: Context,
  pool: Pool,
  name: TriggerName,
  call: TriggerCall,
): Promise<Record<string, unknown> | undefined> {
  const arn = triggerArn(pool, name);
  if (!arn) return undefined;
  const event: TriggerEvent = {
    version: call.version ?? '1',
    triggerSource: call.triggerSource,
    region: ctx.region,
    userPoolId: pool.Id,
    userName: call.userName,
    callerContext: { awsSdkVersion: ctx.awsSdkVersion, clientId: call.clientId },
    request: call.request,
    response: call.response ?? {},
  };
  let result: TriggerResult | 'timeout' = 'timeout';
  for (let i = 0; i < ATTEMPTS && result === 'timeout'; i++) result = await attempt(ctx, arn, structuredClone(event));
  if (result === 'timeout') throw unexpected(name, 'Socket timeout while invoking Lambda function');
  if (!result.ok) {
    if (result.errorType === 'ResourceNotFoundException') throw unexpected(name, 'ResourceNotFoundException');
    throw new CognitoError('UserLambdaValidationException', `${name} failed with error ${result.errorMessage}.`);
  }
  const payload = result.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw invalidResponse('Invalid lambda function output : Invalid JSON');
  const response = (payload as { response?: unknown }).response;
  if (response === undefined || response === null) return {};
  if (typeof response !== 'object' || Array.isArray(response)) throw unrecognizableOutput();
  return response as Record<string, unknown>;
}

/** A response field that must be a boolean when the function sets it. */
export function booleanField(response: Record<string, unknown>, name: string): boolean {
  const value = response[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw unrecognizableOutput();
  return value;
}

/** A response field that must be a string when the function sets it. */
export function textField(response: Record<string, unknown>, name: string): string | undefined {
  const value = response[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw unrecognizableOutput();
  return value;
}

/** The SDK that made the request, as Cognito reports it in callerContext.awsSdkVersion. */
export function awsSdkVersionOf(userAgent: string | undefined): string {
  const match = /aws-sdk-([a-z]+)\/([\w.-]+)/i.exec(userAgent ?? '');
  return match ? `aws-sdk-${match[1]?.toLowerCase()}-${match[2]}` : 'aws-sdk-unknown-unknown';
}
