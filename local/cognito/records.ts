// Reading and writing pools, app clients and users, with Cognito's answers when one is missing.
import { resourceNotFound, userDoesNotExist } from './errors.js';
import type { Context } from './context.js';
import type { Client, Pool, User } from './model.js';
import { parse } from './store.js';

export function poolOf(ctx: Context, userPoolId: string): Pool {
  const pool = parse<Pool>(ctx.store.get('SELECT data FROM pools WHERE id = ?', userPoolId));
  if (!pool) throw resourceNotFound(`User pool ${userPoolId} does not exist.`);
  return pool;
}

export function savePool(ctx: Context, pool: Pool): void {
  ctx.store.run('INSERT OR REPLACE INTO pools (id, name, data) VALUES (?, ?, ?)', pool.Id, pool.Name, JSON.stringify(pool));
}

export function clientOf(ctx: Context, clientId: string): Client {
  const client = parse<Client>(ctx.store.get('SELECT data FROM clients WHERE id = ?', clientId));
  if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}

/** The app client and its pool, for the operations a client id authorises. */
export function clientAndPool(ctx: Context, clientId: string): { client: Client; pool: Pool } {
  const client = clientOf(ctx, clientId);
  return { client, pool: poolOf(ctx, client.UserPoolId) };
}

export function saveClient(ctx: Context, client: Client): void {
  ctx.store.run(
    'INSERT OR REPLACE INTO clients (id, pool_id, data) VALUES (?, ?, ?)',
    client.ClientId,
    client.UserPoolId,
    JSON.stringify(client),
  );
}

const signsInWithEmail = (pool: Pool) =>
  (pool.UsernameAttributes ?? []).includes('email') || (pool.AliasAttributes ?? []).includes('email');
const caseSensitive = (pool: Pool) => pool.UsernameConfiguration?.CaseSensitive ?? true;

/** The stored form of a username: lower case in a case-insensitive pool. */
export const usernameKey = (pool: Pool, username: string) => (caseSensitive(pool) ? username : username.toLowerCase());

/**
 * The user a request names: by username, or by email where email is a sign-in alias (compared
 * without case; a pending, unverified email change is not one).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-usernames
 */
export function findUser(ctx: Context, pool: Pool, username: string): User | undefined {
  const byName = parse<User>(
    ctx.store.get('SELECT data FROM users WHERE pool_id = ? AND username = ?', pool.Id, usernameKey(pool, username)),
  );
  if (byName || !signsInWithEmail(pool)) return byName;
  return parse<User>(ctx.store.get('SELECT data FROM users WHERE pool_id = ? AND email = ?', pool.Id, username.toLowerCase()));
}

export function userOf(ctx: Context, pool: Pool, username: string): User {
  const user = findUser(ctx, pool, username);
  if (!user) throw userDoesNotExist();
  return user;
}

/** The user who owns `email` as a sign-in alias, if any. */
export function ownerOfEmail(ctx: Context, pool: Pool, email: string): User | undefined {
  if (!signsInWithEmail(pool)) return undefined;
  return parse<User>(ctx.store.get('SELECT data FROM users WHERE pool_id = ? AND email = ?', pool.Id, email.toLowerCase()));
}

export function saveUser(ctx: Context, pool: Pool, user: User): void {
  user.modifiedAt = ctx.clock.now();
  const email = user.attributes.email?.toLowerCase() ?? null;
  ctx.store.run(
    'INSERT OR REPLACE INTO users (pool_id, username, email, data) VALUES (?, ?, ?, ?)',
    pool.Id,
    usernameKey(pool, user.username),
    email,
    JSON.stringify(user),
  );
}

/** Ends every session of the user (global sign-out, password reset by an administrator, disabling). */
export function endSessions(ctx: Context, pool: Pool, user: User): void {
  const key = usernameKey(pool, user.username);
  ctx.store.run(
    'DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE pool_id = ? AND username = ?)',
    pool.Id,
    key,
  );
  ctx.store.run('DELETE FROM sessions WHERE pool_id = ? AND username = ?', pool.Id, key);
}

/** Removes the user and everything kept about them. */
export function deleteUser(ctx: Context, pool: Pool, user: User): void {
  const key = usernameKey(pool, user.username);
  endSessions(ctx, pool, user);
  for (const table of ['codes', 'challenges']) ctx.store.run(`DELETE FROM ${table} WHERE pool_id = ? AND username = ?`, pool.Id, key);
  ctx.store.run('DELETE FROM users WHERE pool_id = ? AND username = ?', pool.Id, key);
}
