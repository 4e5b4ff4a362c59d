// App clients and resource servers.
import { randomBytes } from 'node:crypto';
import type { Context, Input, Output } from '../context.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { secondsOf, type Client, type Pool, type TimeUnit } from '../model.js';
import { clientOf, poolOf, saveClient } from '../records.js';
import { optionalBoolean, optionalInteger, optionalText, stringList, text, USER_POOL_ID } from '../validate.js';
import { notInTier } from './user-pools.js';

const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (length: number) => [...randomBytes(length)].map((byte) => LOWER_ALPHANUMERIC[byte % 36]).join('');

const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
// Valid lifetimes: access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html#user-pool-settings-client-app-token-expiration
const RANGES = { AccessToken: [300, 86_400], IdToken: [300, 86_400], RefreshToken: [3600, 315_360_000] } as const;

// Without ExplicitAuthFlows, a client allows refresh, SRP and custom authentication (API reference, CreateUserPoolClient).
const DEFAULT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

function settingsOf(pool: Pool, input: Input, current?: Client): Partial<Client> {
  const givenUnits = (input.TokenValidityUnits ?? {}) as Partial<Client['TokenValidityUnits']>;
  const units: Client['TokenValidityUnits'] = {
    AccessToken: givenUnits.AccessToken ?? current?.TokenValidityUnits.AccessToken ?? 'hours',
    IdToken: givenUnits.IdToken ?? current?.TokenValidityUnits.IdToken ?? 'hours',
    RefreshToken: givenUnits.RefreshToken ?? current?.TokenValidityUnits.RefreshToken ?? 'days',
  };
  const validity = {
    AccessToken: optionalInteger(input, 'AccessTokenValidity', 1, 86_400) ?? current?.AccessTokenValidity,
    IdToken: optionalInteger(input, 'IdTokenValidity', 1, 86_400) ?? current?.IdTokenValidity,
    RefreshToken: optionalInteger(input, 'RefreshTokenValidity', 0, 315_360_000) ?? current?.RefreshTokenValidity ?? 30,
  };
  for (const token of ['AccessToken', 'IdToken', 'RefreshToken'] as const) {
    const value = validity[token];
    if (value === undefined || (token === 'RefreshToken' && value === 0)) continue;
    const seconds = value * (SECONDS[units[token]] ?? Number.NaN);
    const [min, max] = RANGES[token];
    if (!(seconds >= min && seconds <= max))
      throw invalidParameter(
        `Invalid range for token validity. ${token} validity must be between ${min / 60} minutes and ${max / 60} minutes.`,
      );
  }
  const rotation = (input.RefreshTokenRotation ?? current?.RefreshTokenRotation) as Client['RefreshTokenRotation'];
  if (rotation) {
    if (rotation.Feature !== 'ENABLED' && rotation.Feature !== 'DISABLED')
      throw invalidParameter('RefreshTokenRotation Feature must be ENABLED or DISABLED.');
    const grace = rotation.RetryGracePeriodSeconds ?? 0;
    if (!Number.isInteger(grace) || grace < 0 || grace > 60) throw invalidParameter('RetryGracePeriodSeconds must be between 0 and 60.');
    // Refresh token rotation needs the Essentials or Plus feature plan.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
    if (rotation.Feature === 'ENABLED' && pool.UserPoolTier === 'LITE') throw notInTier('Refresh token rotation');
  }
  const session = optionalInteger(input, 'AuthSessionValidity', 3, 15) ?? current?.AuthSessionValidity ?? 3;
  const prevent = optionalText(input, 'PreventUserExistenceErrors') ?? current?.PreventUserExistenceErrors ?? 'LEGACY';
  if (prevent !== 'ENABLED' && prevent !== 'LEGACY') throw invalidParameter('PreventUserExistenceErrors must be ENABLED or LEGACY.');
  return {
    ExplicitAuthFlows: stringList(input, 'ExplicitAuthFlows') ?? current?.ExplicitAuthFlows ?? DEFAULT_AUTH_FLOWS,
    PreventUserExistenceErrors: prevent,
    EnableTokenRevocation: optionalBoolean(input, 'EnableTokenRevocation') ?? current?.EnableTokenRevocation ?? true,
    RefreshTokenValidity: validity.RefreshToken || 30,
    ...(validity.AccessToken !== undefined ? { AccessTokenValidity: validity.AccessToken } : {}),
    ...(validity.IdToken !== undefined ? { IdTokenValidity: validity.IdToken } : {}),
    TokenValidityUnits: units,
    AuthSessionValidity: session,
    ...(rotation
      ? { RefreshTokenRotation: { Feature: rotation.Feature, RetryGracePeriodSeconds: rotation.RetryGracePeriodSeconds ?? 0 } }
      : {}),
  };
}

/** Custom scopes must name a resource server of the pool (`identifier/scope`). */
function checkScopes(ctx: Context, pool: Pool, scopes: string[] | undefined): void {
  const standard = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
  for (const scope of scopes ?? []) {
    if (standard.includes(scope)) continue;
    const slash = scope.lastIndexOf('/');
    const server =
      slash > 0
        ? ctx.store.get('SELECT data FROM resource_servers WHERE pool_id = ? AND identifier = ?', pool.Id, scope.slice(0, slash))
        : undefined;
    const names = server
      ? (JSON.parse(String(server.data)) as { Scopes?: Array<{ ScopeName: string }> }).Scopes?.map((s) => s.ScopeName)
      : [];
    if (!names?.includes(scope.slice(slash + 1))) throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
  }
}

export function createUserPoolClient(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const name = text(input, 'ClientName', { min: 1, max: 128 });
  checkScopes(ctx, pool, stringList(input, 'AllowedOAuthScopes'));
  const now = secondsOf(ctx.clock.now());
  const { GenerateSecret, ...rest } = input;
  const client: Client = {
    ...rest,
    ...settingsOf(pool, input),
    ClientId: randomText(26),
    ClientName: name,
    UserPoolId: pool.Id,
    ...(GenerateSecret === true ? { ClientSecret: randomText(51) } : {}),
    CreationDate: now,
    LastModifiedDate: now,
  } as Client;
  saveClient(ctx, client);
  return { UserPoolClient: client };
}

function clientOfPool(ctx: Context, input: Input): { pool: Pool; client: Client } {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const client = clientOf(ctx, text(input, 'ClientId', { min: 1, max: 128 }));
  if (client.UserPoolId !== pool.Id)
    throw new CognitoError('ResourceNotFoundException', `User pool client ${client.ClientId} does not exist.`);
  return { pool, client };
}

export const describeUserPoolClient = (ctx: Context, input: Input): Output => ({ UserPoolClient: clientOfPool(ctx, input).client });

export function updateUserPoolClient(ctx: Context, input: Input): Output {
  const { pool, client } = clientOfPool(ctx, input);
  checkScopes(ctx, pool, stringList(input, 'AllowedOAuthScopes'));
  const { GenerateSecret: _secret, ...changes } = input;
  const updated = {
    ...client,
    ...changes,
    ...settingsOf(pool, input, client),
    LastModifiedDate: secondsOf(ctx.clock.now()),
  } as Client;
  saveClient(ctx, updated);
  return { UserPoolClient: updated };
}

export function deleteUserPoolClient(ctx: Context, input: Input): Output {
  const { client } = clientOfPool(ctx, input);
  ctx.store.run('DELETE FROM clients WHERE id = ?', client.ClientId);
  return {};
}

export function listUserPoolClients(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const max = optionalInteger(input, 'MaxResults', 1, 60) ?? 60;
  const after = optionalText(input, 'NextToken') ?? '';
  const rows = ctx.store.all('SELECT data FROM clients WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?', pool.Id, after, max + 1);
  const clients = rows.slice(0, max).map((row) => JSON.parse(String(row.data)) as Client);
  return {
    UserPoolClients: clients.map((c) => ({ ClientId: c.ClientId, UserPoolId: c.UserPoolId, ClientName: c.ClientName })),
    ...(rows.length > max ? { NextToken: clients.at(-1)?.ClientId } : {}),
  };
}

export function createResourceServer(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const identifier = text(input, 'Identifier', { min: 1, max: 256 });
  const server = {
    UserPoolId: pool.Id,
    Identifier: identifier,
    Name: text(input, 'Name', { min: 1, max: 256 }),
    Scopes: input.Scopes ?? [],
  };
  if (ctx.store.get('SELECT identifier FROM resource_servers WHERE pool_id = ? AND identifier = ?', pool.Id, identifier))
    throw invalidParameter(`${identifier} already exists in user pool ${pool.Id}.`);
  ctx.store.run('INSERT INTO resource_servers (pool_id, identifier, data) VALUES (?, ?, ?)', pool.Id, identifier, JSON.stringify(server));
  return { ResourceServer: server };
}

export function describeResourceServer(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const identifier = text(input, 'Identifier', { min: 1, max: 256 });
  const row = ctx.store.get('SELECT data FROM resource_servers WHERE pool_id = ? AND identifier = ?', pool.Id, identifier);
  if (!row) throw new CognitoError('ResourceNotFoundException', `Resource server ${identifier} does not exist.`);
  return { ResourceServer: JSON.parse(String(row.data)) as object };
}

export function listResourceServers(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  return {
    ResourceServers: ctx.store
      .all('SELECT data FROM resource_servers WHERE pool_id = ?', pool.Id)
      .map((row) => JSON.parse(String(row.data)) as object),
  };
}
