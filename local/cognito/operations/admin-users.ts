// What an administrator does with users (IAM-authorised operations).
import { randomInt } from 'node:crypto';
import { deliver, type Message } from '../codes.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { setPassword, checkPolicy } from '../passwords.js';
import type { Pool, User } from '../model.js';
import { deleteUser, endSessions, poolOf, saveUser, userOf } from '../records.js';
import { NO_CLIENT } from '../triggers.js';
import { mfaSettingsOf, newUser, userTypeOf } from '../users.js';
import { attributeList, optionalText, PASSWORD, stringList, stringMap, text, USER_POOL_ID, USERNAME } from '../validate.js';
import { applyMfaPreference } from './mfa.js';
import { applyAttributes } from './profile.js';
import { preSignUp } from './sign-up.js';

/** A temporary password that meets any policy: 12 characters with upper, lower, digit and symbol. */
function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=_'];
  const all = sets.join('');
  const chars = [...sets.map((set) => set[randomInt(set.length)]), ...Array.from({ length: 8 }, () => all[randomInt(all.length)])];
  return chars.join('');
}

type Created = { output: Output; pool: Pool; user: User; message?: Message };

/** AdminCreateUser's checks, then (with `create`) the user and their invitation. */
function createUser(ctx: Context, input: Input, create: boolean): Created | undefined {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const username = text(input, 'Username', USERNAME);
  const action = optionalText(input, 'MessageAction');
  if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND')
    throw invalidParameter('MessageAction must be SUPPRESS or RESEND.');
  const attributes = Object.fromEntries(attributeList(input, 'UserAttributes').map(({ Name, Value }) => [Name, Value]));
  const password = optionalText(input, 'TemporaryPassword', PASSWORD);
  if (action === 'RESEND') {
    const user = userOf(ctx, pool, username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD')
      throw new CognitoError('UnsupportedUserStateException', 'Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.');
    return create ? invite(ctx, pool, user, password) : undefined;
  }
  const user = newUser(ctx, pool, username, attributes, 'FORCE_CHANGE_PASSWORD');
  if (password !== undefined) checkPolicy(pool.Policies.PasswordPolicy, password);
  const mediums = stringList(input, 'DesiredDeliveryMediums') ?? ['SMS'];
  if (action !== 'SUPPRESS' && mediums.includes('EMAIL') && !user.attributes.email)
    throw invalidParameter('User has no email attribute to deliver the invitation to.');
  if (!create) return undefined;
  if (action === 'SUPPRESS') {
    setTemporaryPassword(ctx, pool, user, password ?? temporaryPassword());
    saveUser(ctx, pool, user);
    return { output: { User: { ...userTypeOf(user), ...mfaSettingsOf(user) } }, pool, user };
  }
  return invite(ctx, pool, user, password);
}

// The pre sign-up trigger runs for a new user (its answer's flags are ignored here), then the
// invitation goes out through the custom message trigger.
// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html
export const adminCreateUser: Flow = async (ctx, input) => {
  atomic(ctx, () => createUser(ctx, input, false));
  if (optionalText(input, 'MessageAction') !== 'RESEND') {
    const pool = atomic(ctx, () => poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID)));
    await preSignUp(ctx, pool, NO_CLIENT, text(input, 'Username', USERNAME), input, 'PreSignUp_AdminCreateUser');
  }
  const created = atomic(ctx, () => createUser(ctx, input, true));
  if (!created) throw new Error('AdminCreateUser created no user');
  if (created.message)
    await deliver(ctx, created.pool, created.user, { ...created.message, clientMetadata: stringMap(input, 'ClientMetadata') });
  return created.output;
};

function setTemporaryPassword(ctx: Context, pool: Pool, user: User, password: string): void {
  setPassword(pool, user, password);
  user.temporaryPasswordExpiresAt = ctx.clock.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86_400_000;
}

/** The invitation: a temporary password emailed to the user (to the outbox). */
function invite(ctx: Context, pool: Pool, user: User, given?: string): Created {
  const password = given ?? temporaryPassword();
  setTemporaryPassword(ctx, pool, user, password);
  saveUser(ctx, pool, user);
  const email = user.attributes.email;
  return {
    output: { User: { ...userTypeOf(user), ...mfaSettingsOf(user) } },
    pool,
    user,
    ...(email ? { message: { source: 'AdminCreateUser', destination: email, code: password, clientId: NO_CLIENT } } : {}),
  };
}

const poolAndUser = (ctx: Context, input: Input) => {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  return { pool, user: userOf(ctx, pool, text(input, 'Username', USERNAME)) };
};

export function adminGetUser(ctx: Context, input: Input): Output {
  const { user } = poolAndUser(ctx, input);
  const { Attributes, ...type } = userTypeOf(user);
  return { ...type, UserAttributes: Attributes, ...mfaSettingsOf(user) };
}

export function adminDeleteUser(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  deleteUser(ctx, pool, user);
  return {};
}

// Disabling revokes the user's tokens (API reference, AdminDisableUser).
export function adminDisableUser(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  user.enabled = false;
  saveUser(ctx, pool, user);
  endSessions(ctx, pool, user);
  return {};
}

export function adminEnableUser(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  user.enabled = true;
  saveUser(ctx, pool, user);
  return {};
}

export function adminUserGlobalSignOut(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  endSessions(ctx, pool, user);
  return {};
}

export function adminUpdateUserAttributes(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  // An administrator's change applies at once; email_verified can be set with it.
  applyAttributes(ctx, pool, user, attributeList(input, 'UserAttributes'), { administrator: true, clientId: NO_CLIENT });
  return {};
}

export function adminDeleteUserAttributes(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  for (const name of stringList(input, 'UserAttributeNames') ?? []) delete user.attributes[name];
  saveUser(ctx, pool, user);
  return {};
}

export function adminSetUserMFAPreference(ctx: Context, input: Input): Output {
  const { pool, user } = poolAndUser(ctx, input);
  applyMfaPreference(user, input.SoftwareTokenMfaSettings as { Enabled?: boolean; PreferredMfa?: boolean } | undefined);
  saveUser(ctx, pool, user);
  return {};
}
