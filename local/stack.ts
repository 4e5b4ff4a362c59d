// Wires the local stack from template.yaml: Cognito (embedded or external), DynamoDB, the functions
// and the HTTP API, each resource standing in for the one CloudFormation would create.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadOpenApi, type OpenApiDocument } from '../scripts/lib/openapi.js';
import { httpRoutesOf, loadTemplate, textOf, type CfnValue, type Template } from '../scripts/lib/template.js';
import { JwtAuthorizer } from './authorizer.js';
import { startCognitoEmulator, type CognitoEmulator } from './cognito/emulator.js';
import { AUTHORIZE_PATH } from './cognito/managed-login.js';
import { TOKEN_PATH } from './cognito/oauth2-token.js';
import type { InvokeTrigger } from './cognito/triggers.js';
import { provisionTables, startDynamoDb } from './dynamodb.js';
import { functionConfigsOf } from './functions.js';
import { startAppServer } from './app-server.js';
import { startHttpApi, type CorsConfiguration } from './http-api.js';
import { LocalFunction, type FunctionConfig } from './lambda.js';
import { CODES_PATH, type Outbox } from './outbox.js';
import { resolvedProperties, resolveValue, type ResolveContext } from './resolve.js';
import { startEventSources, startSqs } from './sqs.js';
import { startSchedules } from './schedules.js';
import { provisionUserPools } from './user-pool.js';

export interface StackOptions {
  host: string;
  apiPort: number;
  cognitoPort: number;
  dynamodbPort: number;
  /** Keeps users and items between runs. Without it they live in memory. */
  dataDir?: string;
  /** The embedded Cognito's signing key file (read if it exists, written otherwise), e.g. for tests that forge tokens. */
  cognitoSigningKeyFile?: string;
  /** Another Cognito-compatible endpoint (e.g. moto_server) instead of the embedded emulator. */
  cognitoEndpoint?: string;
  region: string;
  stackName: string;
  parameters: Record<string, string>;
  buildDir: string;
  /** false: emulators and functions only (npm run invoke). */
  api: boolean;
  /** The built browser app (scripts/build-app.ts), served on `appPort` beside the API; none without it. */
  app?: { dir: string; port: number };
  log: (line: string) => void;
  /** Where the embedded Cognito's codes are printed (default: stdout, even when `log` is quiet). */
  printCode?: (line: string) => void;
}

export interface LocalStack {
  apiUrl?: string;
  /** The browser app's URL (http://localhost:<port>), when it is served. */
  appUrl?: string;
  cognitoEndpoint: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  /** GET it for the codes the embedded Cognito "emailed"; absent with an external endpoint. */
  codesUrl?: string;
  /** The hosted domain's client-credentials token endpoint; embedded Cognito only. */
  tokenUrl?: string;
  /** The app client with the client-credentials grant (machine callers), if the template has one. */
  machineClient?: { clientId: string; clientSecret: string };
  /** The app client with the authorization code grant and its sign-in page (managed login); embedded Cognito only. */
  managedLogin?: { clientId: string; url: string };
  outbox?: Outbox;
  dynamodbEndpoint: string;
  functions: Map<string, LocalFunction>;
  configs: FunctionConfig[];
  stop: () => Promise<void>;
}

// Local credentials: the emulators accept any, and they keep the SDK away from real ones.
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com\/([^/]+)$/;

interface CognitoBackend {
  endpoint: string;
  issuerOf: (userPoolId: string) => string;
  jwksUriOf: (userPoolId: string) => string;
  embedded?: CognitoEmulator;
}

function externalCognito(endpoint: string, region: string): CognitoBackend {
  const base = endpoint.replace(/\/$/, '');
  return {
    endpoint: base,
    // What Cognito (and moto) put in `iss`; the keys are served by the endpoint itself.
    issuerOf: (userPoolId) => `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`,
    jwksUriOf: (userPoolId) => `${base}/${userPoolId}/.well-known/jwks.json`,
  };
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/**
 * Cognito's Lambda triggers, run by the template's local functions: the ARN a pool's LambdaConfig
 * gives (with or without a version or alias) names the function; `functions` is filled once they exist.
 */
export function triggerHook(ctx: ResolveContext, functions: () => Map<string, LocalFunction> | undefined): InvokeTrigger {
  const idOfArn = new Map(
    Object.entries(ctx.template.Resources)
      .filter(([, resource]) => FUNCTION_TYPES.has(resource.Type))
      .map(([id]) => [String(ctx.resources[id]?.attributes?.Arn), id]),
  );
  return async (arn, event) => {
    const unqualified = arn.split(':').slice(0, 7).join(':');
    const id = idOfArn.get(unqualified);
    const fn = id ? functions()?.get(id) : undefined;
    if (!fn) return { ok: false, errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    const result = await fn.invoke(event);
    return result.ok ? result : { ok: false, errorType: result.error.errorType, errorMessage: result.error.errorMessage };
  };
}

/** Every resource gets a stand-in id first; provisioning then replaces those it creates. */
function placeholders(ctx: ResolveContext): void {
  for (const [id, resource] of Object.entries(ctx.template.Resources)) {
    const name = `${ctx.stackName}-${id}`;
    // A function's ARN has Lambda's form: a user pool's LambdaConfig names its triggers by it.
    const arn = FUNCTION_TYPES.has(resource.Type)
      ? `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`
      : `arn:aws:local:${ctx.region}:${ctx.accountId}:${name}`;
    ctx.resources[id] = { ref: name, attributes: { Arn: arn } };
    if (resource.Type === 'AWS::Logs::LogGroup') {
      const logGroupName = resolvedProperties(ctx, id).LogGroupName;
      if (logGroupName)
        ctx.resources[id] = {
          ref: textOf(logGroupName),
          attributes: { Arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${textOf(logGroupName)}` },
        };
    }
  }
}

function httpApiOf(template: Template): [string, Record<string, CfnValue>] | undefined {
  const entry = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::Serverless::HttpApi');
  return entry ? [entry[0], entry[1].Properties ?? {}] : undefined;
}

function corsOf(ctx: ResolveContext, api: Record<string, CfnValue>): CorsConfiguration | undefined {
  const cors = api.CorsConfiguration === undefined ? undefined : resolveValue(ctx, api.CorsConfiguration);
  if (cors === undefined || cors === false) return undefined;
  if (cors === true) return { AllowOrigins: ['*'], AllowHeaders: ['*'], AllowMethods: ['*'] };
  return cors as CorsConfiguration;
}

/** The template's CORS with the local app's origin added, as `CorsAllowedOrigins` would list the app's on AWS. */
export function withAppOrigin(cors: CorsConfiguration | undefined, appOrigin: string): CorsConfiguration | undefined {
  if (!cors) return undefined;
  const origins = cors.AllowOrigins ?? [];
  return origins.includes('*') || origins.includes(appOrigin) ? cors : { ...cors, AllowOrigins: [...origins, appOrigin] };
}

function authorizersOf(ctx: ResolveContext, api: Record<string, CfnValue>, cognito: CognitoBackend): Map<string, JwtAuthorizer> {
  const auth = (api.Auth ?? {}) as { Authorizers?: Record<string, { JwtConfiguration?: CfnValue }> };
  const authorizers = new Map<string, JwtAuthorizer>();
  for (const [name, definition] of Object.entries(auth.Authorizers ?? {})) {
    if (!definition.JwtConfiguration) continue;
    const { issuer, audience } = resolveValue(ctx, definition.JwtConfiguration) as { issuer: string; audience: string[] };
    // The template names the issuer as AWS does; locally it is whichever Cognito signs the tokens.
    const poolId = COGNITO_ISSUER.exec(issuer)?.[1];
    const localIssuer = poolId ? cognito.issuerOf(poolId) : issuer;
    const jwksUri = poolId ? cognito.jwksUriOf(poolId) : `${issuer}/.well-known/jwks.json`;
    authorizers.set(name, new JwtAuthorizer({ issuer: localIssuer, audience, jwksUri }));
  }
  return authorizers;
}

/**
 * The app client with the authorization code grant, and the URL of its sign-in page as the template's
 * ManagedLoginUrl output gives it on AWS: its scopes, back to its first callback URL.
 */
function managedLoginOf(ctx: ResolveContext, endpoint: string): LocalStack['managedLogin'] {
  const id = Object.entries(ctx.template.Resources).find(
    ([, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && ((r.Properties?.AllowedOAuthFlows ?? []) as CfnValue[]).includes('code'),
  )?.[0];
  if (!id) return undefined;
  const properties = resolvedProperties(ctx, id);
  const clientId = ctx.resources[id]?.ref ?? '';
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: ((properties.AllowedOAuthScopes ?? []) as string[]).join(' '),
    redirect_uri: String(((properties.CallbackURLs ?? []) as string[])[0] ?? ''),
  });
  return { clientId, url: `${endpoint}${AUTHORIZE_PATH}?${query.toString()}` };
}

/** The managed login client's callback and sign-out URLs default to the app's own URL (Cognito matches them exactly). */
export function withAppUrls(parameters: Record<string, string>, appUrl: string): Record<string, string> {
  const url = `${appUrl}/`;
  return { ManagedLoginCallbackUrls: url, ManagedLoginSignOutUrls: url, ...parameters };
}

/** The template with a stand-in for every resource, ready for provisioning to fill in. */
export function localContext(options: Pick<StackOptions, 'stackName' | 'region' | 'parameters'>): ResolveContext {
  const ctx: ResolveContext = {
    template: loadTemplate(),
    stackName: options.stackName,
    region: options.region,
    accountId: '000000000000',
    parameters: options.parameters,
    resources: {},
  };
  placeholders(ctx);
  return ctx;
}

export async function startStack(options: StackOptions): Promise<LocalStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  let functions: Map<string, LocalFunction> | undefined;
  let apiUrl: string | undefined;
  try {
    // The app listens first: its origin (its port may be a free one) goes into the API's CORS, and its URL is the
    // managed login client's callback unless --param says otherwise.
    const app =
      options.api && options.app
        ? await startAppServer({ host: options.host, ...options.app, apiUrl: () => apiUrl, log: options.log })
        : undefined;
    if (app) stops.push(app.stop);
    const ctx = localContext({ ...options, parameters: app ? withAppUrls(options.parameters, app.url) : options.parameters });
    const { template } = ctx;
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    let cognito: CognitoBackend;
    if (options.cognitoEndpoint) {
      cognito = externalCognito(options.cognitoEndpoint, options.region);
    } else {
      const embedded = await startCognitoEmulator({
        host: options.host,
        port: options.cognitoPort,
        region: options.region,
        ...(options.dataDir ? { dataDir: join(options.dataDir, 'cognito') } : {}),
        ...(options.cognitoSigningKeyFile ? { signingKeyFile: options.cognitoSigningKeyFile } : {}),
        ...(options.printCode ? { printCode: options.printCode } : {}),
        invokeTrigger: triggerHook(ctx, () => functions),
      });
      stops.push(embedded.stop);
      cognito = { ...embedded, embedded };
    }
    const cognitoClient = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: options.region,
      credentials: LOCAL_CREDENTIALS,
    });
    await provisionUserPools(cognitoClient, ctx);

    const dynamodb = await startDynamoDb({ host: options.host, port: options.dynamodbPort, dataDir: options.dataDir });
    stops.push(dynamodb.stop);
    await provisionTables(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: options.region, credentials: LOCAL_CREDENTIALS }), ctx);

    // SQS on a free port: the functions and tests find it through the queues' URLs.
    const sqs = await startSqs(ctx, { host: options.host, ...(options.dataDir ? { dataDir: join(options.dataDir, 'sqs') } : {}) });
    stops.push(sqs.stop);

    const configs = functionConfigsOf(ctx, options.buildDir, {
      COGNITO_ENDPOINT: cognito.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    const started = new Map(configs.map((config) => [config.id, new LocalFunction(config, options.log)]));
    functions = started;
    stops.push(async () => void (await Promise.all([...started.values()].map((fn) => fn.stop()))));
    // Stopped before the functions: no batch is handed to a stopping one.
    stops.push(startEventSources(ctx, sqs, started, options.log));

    const poolId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPool')?.[0] ?? '';
    const clientId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')?.[0] ?? '';
    const machineId = Object.entries(template.Resources).find(
      ([, r]) =>
        r.Type === 'AWS::Cognito::UserPoolClient' && ((r.Properties?.AllowedOAuthFlows ?? []) as CfnValue[]).includes('client_credentials'),
    )?.[0];
    const machine = machineId ? ctx.resources[machineId] : undefined;
    const managedLogin = cognito.embedded ? managedLoginOf(ctx, cognito.endpoint) : undefined;
    const userPoolId = ctx.resources[poolId]?.ref ?? '';
    const stack: LocalStack = {
      cognitoEndpoint: cognito.endpoint,
      userPoolId,
      clientId: ctx.resources[clientId]?.ref ?? '',
      issuer: cognito.issuerOf(userPoolId),
      ...(cognito.embedded
        ? { codesUrl: `${cognito.endpoint}${CODES_PATH}`, tokenUrl: `${cognito.endpoint}${TOKEN_PATH}`, outbox: cognito.embedded.outbox }
        : {}),
      ...(machine ? { machineClient: { clientId: machine.ref, clientSecret: String(machine.attributes?.ClientSecret ?? '') } } : {}),
      ...(managedLogin ? { managedLogin } : {}),
      dynamodbEndpoint: dynamodb.endpoint,
      functions: started,
      configs,
      stop,
    };

    const api = httpApiOf(template);
    if (options.api && api) {
      const [, properties] = api;
      const authorizers = authorizersOf(ctx, properties, cognito);
      const routes = httpRoutesOf(template).map(({ method, path, functionId, scopes, authorizer }) => {
        const jwt = authorizer ? authorizers.get(authorizer) : undefined;
        if (authorizer && !jwt) throw new Error(`${method} ${path}: ${authorizer} is not a JWT authorizer of the HttpApi`);
        return { method, path, functionId, scopes, ...(jwt ? { authorizer: jwt } : {}) };
      });
      let cors = corsOf(ctx, properties);
      if (app) {
        stack.appUrl = app.url;
        cors = withAppOrigin(cors, new URL(app.url).origin);
      }
      // Read on the first request for it: starting the stack does not pay for parsing it.
      let openApi: OpenApiDocument | undefined;
      const httpApi = await startHttpApi({
        host: options.host,
        port: options.apiPort,
        routes,
        functions: started,
        cors,
        openApi: () => (openApi ??= loadOpenApi()),
        log: options.log,
      });
      stops.push(httpApi.stop);
      stack.apiUrl = httpApi.url;
      apiUrl = httpApi.url;
      // The API's stack runs the template's schedules too (npm run invoke, api: false, does not).
      const stopSchedules = startSchedules(ctx, started, options.log);
      stops.push(async () => stopSchedules());
    }
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}
