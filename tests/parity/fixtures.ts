// What the parity cases share: the template's user pool and app client (created per case through
// the API, with the case's overrides), users in known states, and expectations on Cognito's answers.
import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { generateSync } from 'otplib';
import { secretHashFor } from '../../layers/shared/src/cognito/secret-hash.js';
import type { ResolveContext } from '../../local/resolve.js';
import { apiPropertiesOf } from '../../local/user-pool.js';
import { loadTemplate } from '../../scripts/lib/template.js';
import type { CaseContext } from './harness.js';
import { TargetLacks, type CodePurpose } from './target.js';

/** What the fixtures use of a case's context. */
type Target = Pick<CaseContext, 'target' | 'cognito'>;

/** A password the template's policy accepts (12+ characters, upper, lower, digit). */
export const PASSWORD = 'Correct-horse-battery-42';
export const OTHER_PASSWORD = 'Another-long-password-7';

export const API = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';
export const GUIDE = 'https://docs.aws.amazon.com/cognito/latest/developerguide';

let counter = 0;
/** A fresh lower-case address per user, as the API normalises them. */
export const uniqueEmail = (label: string) => `${label}-${process.pid}-${++counter}-${randomUUID().slice(0, 8)}@example.com`;

/** The template's UserPool and ApiClient properties, resolved as the local stack resolves them. */
function templateProperties(): {
  pool: CreateUserPoolCommandInput;
  client: Omit<CreateUserPoolClientCommandInput, 'UserPoolId'>;
  totp: boolean;
} {
  const ctx: ResolveContext = {
    template: loadTemplate(),
    stackName: 'parity',
    region: 'us-east-1',
    accountId: '000000000000',
    parameters: {},
    resources: {
      UserPool: { ref: 'pool-of-the-case' },
      // Named by the pool's LambdaConfig, which the cases leave out (below).
      PostConfirmationFunction: { ref: 'none', attributes: { Arn: 'none' } },
      PostAuthenticationFunction: { ref: 'none', attributes: { Arn: 'none' } },
    },
  };
  // CloudFormation's UserPoolName is the API's PoolName (each case names its own); EnabledMfas is set
  // with SetUserPoolMfaConfig; deletion protection would only keep the case's pool from being cleaned up.
  // The directory's triggers (LambdaConfig) are the stack's, not Cognito's behaviour: no function runs here.
  const { UserPoolName, EnabledMfas, DeletionProtection, LambdaConfig, ...pool } = apiPropertiesOf(ctx, 'UserPool');
  const { UserPoolId, ...client } = apiPropertiesOf(ctx, 'ApiClient');
  return {
    pool: pool as unknown as CreateUserPoolCommandInput,
    client: client as unknown as Omit<CreateUserPoolClientCommandInput, 'UserPoolId'>,
    totp: Array.isArray(EnabledMfas) && EnabledMfas.includes('SOFTWARE_TOKEN_MFA'),
  };
}
const TEMPLATE = templateProperties();

export interface TestPool {
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  /** `{ SECRET_HASH }` for a user when the client has a secret. */
  secretHash: (username: string) => Record<string, string>;
}

export interface PoolOptions {
  pool?: Partial<CreateUserPoolCommandInput>;
  client?: Partial<CreateUserPoolClientCommandInput>;
}

/**
 * The template's client with REFRESH_TOKEN_AUTH allowed and no rotation, for the cases about that flow: the
 * template's own client rotates and refuses it, and moto lacks GetTokensFromRefreshToken (moto-lacks.ts).
 */
export const WITH_REFRESH_TOKEN_AUTH: PoolOptions = {
  client: {
    ExplicitAuthFlows: [...(TEMPLATE.client.ExplicitAuthFlows ?? []), 'ALLOW_REFRESH_TOKEN_AUTH'],
    RefreshTokenRotation: { Feature: 'DISABLED' },
  },
};

async function createPool(t: Target, overrides: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  const input = { ...TEMPLATE.pool, ...overrides, PoolName: `parity-${randomUUID().slice(0, 8)}` };
  const userPoolId = (await t.cognito.send(new CreateUserPoolCommand(input))).UserPool?.Id ?? '';
  if (TEMPLATE.totp) {
    await t.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: input.MfaConfiguration,
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  }
  return userPoolId;
}

// One pool as the template declares it per target, shared by the cases that need no other pool
// settings (each has its own app client and users): moto takes half a second to create a pool.
const templatePools = new Map<string, Promise<string>>();

/** A pool as template.yaml declares it (shared) or with the case's overrides (its own), and an app client of the case. */
export async function templatePool(t: Target, options: PoolOptions = {}): Promise<TestPool> {
  let userPoolId: string;
  if (options.pool) {
    userPoolId = await createPool(t, options.pool);
  } else {
    const shared = templatePools.get(t.target.endpoint) ?? createPool(t);
    templatePools.set(t.target.endpoint, shared);
    userPoolId = await shared;
  }
  const client = (
    await t.cognito.send(
      new CreateUserPoolClientCommand({
        ...TEMPLATE.client,
        ...options.client,
        ClientName: `parity-${randomUUID().slice(0, 8)}`,
        UserPoolId: userPoolId,
      }),
    )
  ).UserPoolClient;
  const clientId = client?.ClientId ?? '';
  const clientSecret = client?.ClientSecret;
  return {
    userPoolId,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    secretHash: (username): Record<string, string> =>
      clientSecret ? { SECRET_HASH: secretHashFor(username, clientId, clientSecret) } : {},
  };
}

/** Another app client of the same pool, e.g. one with PreventUserExistenceErrors LEGACY. */
export async function otherClient(t: Target, pool: TestPool, client: Partial<CreateUserPoolClientCommandInput>): Promise<string> {
  const input = { ...TEMPLATE.client, ...client, ClientName: `parity-${randomUUID().slice(0, 8)}`, UserPoolId: pool.userPoolId };
  return (await t.cognito.send(new CreateUserPoolClientCommand(input))).UserPoolClient?.ClientId ?? '';
}

/** A user who signed up and has not confirmed yet. */
export async function signedUpUser(t: Target, pool: TestPool, label: string, name?: string): Promise<{ email: string; sub: string }> {
  const email = uniqueEmail(label);
  const { UserSub } = await t.cognito.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
    }),
  );
  return { email, sub: UserSub ?? '' };
}

/**
 * A confirmed user with a verified email and PASSWORD, made by an administrator (AdminCreateUser,
 * then AdminSetUserPassword Permanent), which every target supports.
 */
export async function confirmedUser(t: Target, pool: TestPool, label: string, name?: string): Promise<string> {
  const email = uniqueEmail(label);
  await t.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: email,
      TemporaryPassword: OTHER_PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        ...(name ? [{ Name: 'name', Value: name }] : []),
      ],
    }),
  );
  await t.cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: PASSWORD, Permanent: true }),
  );
  return email;
}

/** InitiateAuth USER_PASSWORD_AUTH. */
export const passwordAuth = (t: Target, pool: TestPool, email: string, password = PASSWORD, clientId = pool.clientId) =>
  t.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, ...pool.secretHash(email) },
    }),
  );

/** The tokens of a sign-in that needs no challenge. */
export async function signedIn(t: Target, pool: TestPool, email: string, password = PASSWORD): Promise<Required<AuthenticationResultType>> {
  const { AuthenticationResult } = await passwordAuth(t, pool, email, password);
  if (!AuthenticationResult?.AccessToken) throw new Error(`no tokens for ${email}`);
  return AuthenticationResult as Required<AuthenticationResultType>;
}

/** The newest code of a purpose the target sent to `email`. */
export async function latestCode(t: Target, email: string, purpose: CodePurpose): Promise<string> {
  const code = (await t.target.codesFor(email, purpose)).at(-1);
  if (!code) throw new Error(`${t.target.name} sent no ${purpose} code to ${email}`);
  return code;
}

/** How many codes of a purpose the target sent to `email`; TargetLacks where it cannot tell. */
export const codeCount = async (t: Target, email: string, purpose: CodePurpose) => (await t.target.codesFor(email, purpose)).length;

export interface ExpectedFailure {
  name: string;
  /** Exact, or a pattern. */
  message?: string | RegExp;
  /** Every Cognito client error is HTTP 400 (the API reference's "HTTP Status Code" of each exception). */
  status?: number;
}

/**
 * Expects `call` to fail as Cognito fails it: exception name, message and HTTP status. A target that
 * lacks the operation (HTTP 500, TargetLacks) fails the check with its own error.
 */
export async function expectFailure(call: Promise<unknown>, expected: ExpectedFailure): Promise<void> {
  let error: unknown;
  try {
    await call;
  } catch (thrown) {
    error = thrown;
  }
  if (error === undefined) throw new Error(`expected ${expected.name}, but the call succeeded`);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (!(error instanceof Error)) throw new Error(`expected ${expected.name}, but the call threw ${JSON.stringify(error)}`);
  if (error instanceof TargetLacks || status === 500) throw error;
  const message = expected.message instanceof RegExp ? expect.stringMatching(expected.message) : expected.message;
  expect({ name: error.name, status, ...(message !== undefined ? { message: error.message } : {}) }).toEqual({
    name: expected.name,
    status: expected.status ?? 400,
    ...(message !== undefined ? { message } : {}),
  });
}

/** Cognito masks a delivery address: jane@example.com -> j***@e***. */
export const maskedEmail = (email: string) => new RegExp(`^${email[0]}\\*+@${email.split('@')[1]?.[0]}\\*+$`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A token's claims once its signature, issuer, expiry (and for an ID token, audience) check out against the pool's JWKS. */
export async function verifiedClaims(t: Target, pool: TestPool, token: string, use: 'access' | 'id'): Promise<JwtPayload> {
  const verifier = JwtRsaVerifier.create({
    issuer: t.target.issuerOf(pool.userPoolId),
    audience: use === 'id' ? pool.clientId : null,
    // The keys are given below: this URI only names them in the verifier's cache.
    jwksUri: `parity:${pool.userPoolId}`,
  });
  verifier.cacheJwks(await t.target.jwksOf(pool.userPoolId));
  return verifier.verifySync(token);
}

const part = (token: string, index: number) =>
  JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString()) as Record<string, unknown>;
/** A JWT's header and claims, decoded without any check. */
export const headerOf = (token: string) => part(token, 0);
export const claimsOf = (token: string) => part(token, 1);

/** The token with its claims changed and its original signature, which no longer matches. */
export function tampered(token: string, changes: Record<string, unknown>): string {
  const [header = '', , signature = ''] = token.split('.');
  return [header, Buffer.from(JSON.stringify({ ...claimsOf(token), ...changes })).toString('base64url'), signature].join('.');
}

/** RFC 6238 as Cognito's TOTP: SHA-1, 6 digits, 30-second steps. `stepOffset` -1 is the previous step's code. */
export const totp = (secret: string, stepOffset = 0) =>
  generateSync({ secret, algorithm: 'sha1', digits: 6, period: 30, epoch: Math.floor(Date.now() / 1000) + stepOffset * 30 });
