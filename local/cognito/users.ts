// Users as the API shows them, new users, and the checks every client-id operation shares.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context } from './context.js';
import { CognitoError, invalidParameter, notAuthorized, userNotFound } from './errors.js';
import type { Client, Pool, User } from './model.js';
import { secondsOf } from './model.js';
import { ownerOfEmail } from './records.js';

export const attributesOf = (user: User) => [
  { Name: 'sub', Value: user.sub },
  ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
];

export const mfaSettingsOf = (user: User) => ({
  ...(user.softwareTokenMfa?.preferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
  ...(user.softwareTokenMfa?.enabled ? { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] } : {}),
});

/** A user as AdminGetUser/ListUsers describe it (UserType). */
export const userTypeOf = (user: User) => ({
  Username: user.username,
  Attributes: attributesOf(user),
  UserCreateDate: secondsOf(user.createdAt),
  UserLastModifiedDate: secondsOf(user.modifiedAt),
  Enabled: user.enabled,
  UserStatus: user.status,
});

const EMAIL = /^[^@\s]+@[^@\s]+$/;
export const emailUsernames = (pool: Pool) => (pool.UsernameAttributes ?? []).includes('email');

/** A new user record, after the checks SignUp and AdminCreateUser share. */
/** Cognito words the refusal of a taken email per operation: SignUp's users start UNCONFIRMED, AdminCreateUser's not. */
const EMAIL_TAKEN: Record<'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD', string> = {
  UNCONFIRMED: 'An account with the given email already exists.',
  FORCE_CHANGE_PASSWORD: 'User account already exists',
};

export function newUser(
  ctx: Context,
  pool: Pool,
  username: string,
  attributes: Record<string, string>,
  status: 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD',
): User {
  const email = emailUsernames(pool) ? username : attributes.email;
  if (emailUsernames(pool) && !EMAIL.test(username)) throw invalidParameter('Username should be an email.');
  if (attributes.email !== undefined && !EMAIL.test(attributes.email)) throw invalidParameter('Invalid email address format.');
  if ('sub' in attributes) throw invalidParameter('Cannot modify the non-mutable attribute sub');
  if (email && ownerOfEmail(ctx, pool, email)) throw new CognitoError('UsernameExistsException', EMAIL_TAKEN[status]);
  const sub = randomUUID();
  const now = ctx.clock.now();
  return {
    // In a pool whose users sign in with their email, Cognito names each user by their sub.
    username: emailUsernames(pool) ? sub : username,
    sub,
    attributes: { ...attributes, ...(email ? { email } : {}) },
    status,
    enabled: true,
    createdAt: now,
    modifiedAt: now,
  };
}

/**
 * SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)), required from a client with a secret.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function checkSecretHash(client: Client, usernames: string[], secretHash: string | undefined): void {
  if (!client.ClientSecret) return;
  if (!secretHash) throw notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`);
  const given = Buffer.from(secretHash);
  const matches = usernames.some((username) => {
    const expected = Buffer.from(
      createHmac('sha256', client.ClientSecret ?? '')
        .update(username + client.ClientId)
        .digest('base64'),
    );
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) throw notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
}

/** PreventUserExistenceErrors: whether an unknown user gets the same answer as a known one. */
export const hidesUnknownUsers = (client: Client) => client.PreventUserExistenceErrors === 'ENABLED';

export const unknownUserOfClient = () => userNotFound('Username/client id combination not found.');
