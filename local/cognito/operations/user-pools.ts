// User pools and their domain: what the local stack provisions from template.yaml.
import { randomBytes } from 'node:crypto';
import type { Context, Input, Output } from '../context.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { secondsOf, type PasswordPolicy, type Pool, type UserPoolTier } from '../model.js';
import { poolOf, savePool } from '../records.js';
import { checkLambdaConfig, type LambdaConfig } from '../triggers.js';
import { checkSignInPolicy } from './user-auth.js';
import { optionalInteger, optionalText, text, USER_POOL_ID } from '../validate.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (length: number, alphabet = ALPHANUMERIC) =>
  [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');

// Without a PasswordPolicy, Cognito requires 8 characters of every kind; temporary passwords last 7 days.
// https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
function passwordPolicyOf(given: Partial<PasswordPolicy> | undefined): PasswordPolicy {
  if (!given)
    return {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    };
  return {
    MinimumLength: given.MinimumLength ?? 8,
    RequireUppercase: given.RequireUppercase ?? false,
    RequireLowercase: given.RequireLowercase ?? false,
    RequireNumbers: given.RequireNumbers ?? false,
    RequireSymbols: given.RequireSymbols ?? false,
    TemporaryPasswordValidityDays: given.TemporaryPasswordValidityDays ?? 7,
  };
}

const TIERS: UserPoolTier[] = ['LITE', 'ESSENTIALS', 'PLUS'];

function settingsOf(input: Input, current?: Pool): Partial<Pool> {
  const policies = (input.Policies ?? current?.Policies ?? {}) as Pool['Policies'];
  const tier = (input.UserPoolTier ?? current?.UserPoolTier ?? 'ESSENTIALS') as UserPoolTier;
  if (!TIERS.includes(tier)) throw invalidParameter(`Invalid UserPoolTier ${String(tier)}`);
  const mfa = (input.MfaConfiguration ?? current?.MfaConfiguration ?? 'OFF') as Pool['MfaConfiguration'];
  if (!['OFF', 'ON', 'OPTIONAL'].includes(mfa)) throw invalidParameter(`Invalid MfaConfiguration ${String(mfa)}`);
  checkLambdaConfig((input.LambdaConfig ?? current?.LambdaConfig) as LambdaConfig | undefined, tier);
  checkSignInPolicy(policies.SignInPolicy as { AllowedFirstAuthFactors?: unknown } | undefined, tier);
  return {
    Policies: { ...policies, PasswordPolicy: passwordPolicyOf(policies.PasswordPolicy) },
    UserPoolTier: tier,
    MfaConfiguration: mfa,
  };
}

const describe = (ctx: Context, pool: Pool): Output => ({
  ...pool,
  EstimatedNumberOfUsers: Number(ctx.store.get('SELECT COUNT(*) AS n FROM users WHERE pool_id = ?', pool.Id)?.n ?? 0),
});

export function createUserPool(ctx: Context, input: Input): Output {
  const name = text(input, 'PoolName', { min: 1, max: 128 });
  const id = `${ctx.region}_${randomText(9)}`;
  const now = secondsOf(ctx.clock.now());
  const { PoolName: _name, Schema, ...rest } = input;
  const pool: Pool = {
    ...rest,
    ...(Schema ? { SchemaAttributes: Schema } : {}),
    ...settingsOf(input),
    Id: id,
    Name: name,
    Arn: `arn:aws:cognito-idp:${ctx.region}:000000000000:userpool/${id}`,
    CreationDate: now,
    LastModifiedDate: now,
  } as Pool;
  savePool(ctx, pool);
  return { UserPool: describe(ctx, pool) };
}

export const describeUserPool = (ctx: Context, input: Input): Output => ({
  UserPool: describe(ctx, poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID))),
});

export function updateUserPool(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const { UserPoolId: _id, ...changes } = input;
  savePool(ctx, { ...pool, ...changes, ...settingsOf(input, pool), LastModifiedDate: secondsOf(ctx.clock.now()) });
  return {};
}

export function listUserPools(ctx: Context, input: Input): Output {
  const max = optionalInteger(input, 'MaxResults', 1, 60);
  if (max === undefined)
    throw invalidParameter("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
  const after = optionalText(input, 'NextToken') ?? '';
  const rows = ctx.store.all('SELECT data FROM pools WHERE id > ? ORDER BY id LIMIT ?', after, max + 1);
  const pools = rows.slice(0, max).map((row) => JSON.parse(String(row.data)) as Pool);
  return {
    UserPools: pools.map((pool) => ({
      Id: pool.Id,
      Name: pool.Name,
      CreationDate: pool.CreationDate,
      LastModifiedDate: pool.LastModifiedDate,
    })),
    ...(rows.length > max ? { NextToken: pools.at(-1)?.Id } : {}),
  };
}

export function deleteUserPool(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  if (pool.DeletionProtection === 'ACTIVE')
    throw invalidParameter(
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
  for (const table of ['users', 'codes', 'attempts', 'sessions', 'challenges', 'clients', 'resource_servers', 'domains'])
    ctx.store.run(`DELETE FROM ${table} WHERE pool_id = ?`, pool.Id);
  ctx.store.run('DELETE FROM refresh_tokens WHERE session_id NOT IN (SELECT id FROM sessions)');
  ctx.store.run('DELETE FROM pools WHERE id = ?', pool.Id);
  return {};
}

const mfaConfigOf = (pool: Pool): Output => ({
  MfaConfiguration: pool.MfaConfiguration,
  SoftwareTokenMfaConfiguration: { Enabled: pool.SoftwareTokenMfaConfiguration?.Enabled ?? false },
  ...(pool.WebAuthnConfiguration ? { WebAuthnConfiguration: pool.WebAuthnConfiguration } : {}),
});

// The passkey relying party and user verification are set with SetUserPoolMfaConfig.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
function webAuthnConfigurationOf(input: Input, pool: Pool): Pool['WebAuthnConfiguration'] {
  const given = input.WebAuthnConfiguration as Pool['WebAuthnConfiguration'];
  if (!given) return pool.WebAuthnConfiguration;
  const verification = given.UserVerification ?? 'preferred';
  if (verification !== 'required' && verification !== 'preferred')
    throw invalidParameter('UserVerification must be required or preferred.');
  return { ...(given.RelyingPartyId ? { RelyingPartyId: given.RelyingPartyId } : {}), UserVerification: verification };
}

export function setUserPoolMfaConfig(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const given = input.SoftwareTokenMfaConfiguration as { Enabled?: boolean } | undefined;
  const enabled = given?.Enabled ?? pool.SoftwareTokenMfaConfiguration?.Enabled ?? false;
  const webAuthn = webAuthnConfigurationOf(input, pool);
  const updated: Pool = {
    ...pool,
    ...settingsOf(input, pool),
    SoftwareTokenMfaConfiguration: { Enabled: enabled },
    ...(webAuthn ? { WebAuthnConfiguration: webAuthn } : {}),
  };
  savePool(ctx, updated);
  return mfaConfigOf(updated);
}

export const getUserPoolMfaConfig = (ctx: Context, input: Input): Output =>
  mfaConfigOf(poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID)));

export function createUserPoolDomain(ctx: Context, input: Input): Output {
  const domain = text(input, 'Domain', { min: 1, max: 63, pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/ });
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  if (ctx.store.get('SELECT domain FROM domains WHERE domain = ?', domain))
    throw invalidParameter('Domain already associated with another user pool.');
  ctx.store.run('INSERT INTO domains (domain, pool_id, data) VALUES (?, ?, ?)', domain, pool.Id, JSON.stringify({ Domain: domain }));
  savePool(ctx, { ...pool, Domain: domain });
  return { ManagedLoginVersion: 1 };
}

export function describeUserPoolDomain(ctx: Context, input: Input): Output {
  const domain = text(input, 'Domain', { min: 1, max: 63 });
  const row = ctx.store.get('SELECT pool_id FROM domains WHERE domain = ?', domain);
  if (!row) return { DomainDescription: {} };
  return { DomainDescription: { UserPoolId: String(row.pool_id), Domain: domain, Status: 'ACTIVE', AWSAccountId: '000000000000' } };
}

export const notInTier = (feature: string) =>
  new CognitoError('FeatureUnavailableInTierException', `${feature} is not available in the user pool's feature plan (tier).`);
