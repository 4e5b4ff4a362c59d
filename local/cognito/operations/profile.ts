// What a signed-in user does with their own account (access-token operations).
import { hourlyLimit } from '../attempts.js';
import { consumeCode, deliver, emailDelivery, issueCode, type Message } from '../codes.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import { CognitoError, invalidParameter } from '../errors.js';
import type { Pool, User } from '../model.js';
import { deleteUser, endSessions, ownerOfEmail, saveUser, usernameKey } from '../records.js';
import { userOfAccessToken } from '../sessions.js';
import { attributesOf, mfaSettingsOf } from '../users.js';
import { attributeList, CODE, stringList, stringMap, text } from '../validate.js';

const aliasTaken = () => new CognitoError('AliasExistsException', 'An account with the given email already exists.');

/** In a pool where users sign in with their email, an email belongs to one user (compared without case). */
function checkEmailFree(ctx: Context, pool: Pool, user: User, email: string): void {
  const owner = ownerOfEmail(ctx, pool, email);
  if (owner && owner.username !== user.username) throw aliasTaken();
}

const requiresVerificationFirst = (pool: Pool, name: string) =>
  (pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? []).includes(name);

/**
 * Attribute changes. A user's new email waits for its code when the pool says so (the old one stays
 * until then); otherwise it applies at once, unverified, and a code goes to it.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html
 */
export function applyAttributes(
  ctx: Context,
  pool: Pool,
  user: User,
  changes: Array<{ Name: string; Value: string }>,
  { administrator, clientId }: { administrator: boolean; clientId: string },
): Message | undefined {
  let message: Message | undefined;
  const codeFor = (destination: string): Message => ({
    source: 'UpdateUserAttribute',
    destination,
    code: issueCode(ctx, pool, user, 'verify'),
    clientId,
  });
  for (const { Name, Value } of changes) {
    if (Name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!administrator && Name === 'email_verified') throw invalidParameter('Cannot modify an unverified attribute email_verified');
    if (Name !== 'email') {
      user.attributes[Name] = Value;
      continue;
    }
    if (Value.toLowerCase() === user.attributes.email?.toLowerCase()) continue;
    checkEmailFree(ctx, pool, user, Value);
    if (administrator) {
      user.attributes.email = Value;
      if (!changes.some((change) => change.Name === 'email_verified')) user.attributes.email_verified = 'false';
    } else if (requiresVerificationFirst(pool, 'email')) {
      user.pendingAttributes = { ...user.pendingAttributes, email: Value };
      message = codeFor(Value);
    } else {
      user.attributes.email = Value;
      user.attributes.email_verified = 'false';
      message = codeFor(Value);
    }
  }
  saveUser(ctx, pool, user);
  return message;
}

/** Sends a code the transaction made, then answers with its delivery. */
async function sent(ctx: Context, input: Input, found: { pool: Pool; user: User; message?: Message | undefined }) {
  if (!found.message) return undefined;
  await deliver(ctx, found.pool, found.user, { ...found.message, clientMetadata: stringMap(input, 'ClientMetadata') });
  return emailDelivery(found.message.destination);
}

export function getUser(ctx: Context, input: Input): Output {
  const { user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  return { Username: user.username, UserAttributes: attributesOf(user), ...mfaSettingsOf(user) };
}

export const updateUserAttributes: Flow = async (ctx, input) => {
  const found = atomic(ctx, () => {
    const { pool, user, claims } = userOfAccessToken(ctx, text(input, 'AccessToken'));
    const clientId = String(claims.client_id);
    return {
      pool,
      user,
      message: applyAttributes(ctx, pool, user, attributeList(input, 'UserAttributes'), { administrator: false, clientId }),
    };
  });
  const delivery = await sent(ctx, input, found);
  return delivery ? { CodeDeliveryDetailsList: [delivery] } : {};
};

export function verifyUserAttribute(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  const name = text(input, 'AttributeName', { min: 1, max: 32 });
  const code = text(input, 'Code', CODE);
  if (name !== 'email') throw invalidParameter(`Attribute ${name} cannot be verified.`);
  consumeCode(ctx, pool, user, 'verify', code);
  const pending = user.pendingAttributes?.email;
  // Another account may have taken the address while the change waited for its code.
  if (pending) {
    checkEmailFree(ctx, pool, user, pending);
    user.attributes.email = pending;
    delete user.pendingAttributes;
  }
  user.attributes.email_verified = 'true';
  saveUser(ctx, pool, user);
  return {};
}

export const getUserAttributeVerificationCode: Flow = async (ctx, input) => {
  const found = atomic(ctx, () => {
    const { pool, user, claims } = userOfAccessToken(ctx, text(input, 'AccessToken'));
    const name = text(input, 'AttributeName', { min: 1, max: 32 });
    if (name !== 'email') throw invalidParameter(`Attribute ${name} cannot be verified.`);
    const destination = user.pendingAttributes?.email ?? user.attributes.email;
    if (!destination) throw invalidParameter('User has no email to verify.');
    const subject = usernameKey(pool, user.username);
    hourlyLimit.check(ctx, pool.Id, subject, 'send:verify');
    hourlyLimit.count(ctx, pool.Id, subject, 'send:verify');
    const message: Message = {
      source: 'VerifyUserAttribute',
      destination,
      code: issueCode(ctx, pool, user, 'verify'),
      clientId: String(claims.client_id),
    };
    return { pool, user, message };
  });
  return { CodeDeliveryDetails: await sent(ctx, input, found) };
};

export function deleteUserAttributes(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  for (const name of stringList(input, 'UserAttributeNames') ?? []) {
    if (name === 'email' || name === 'sub') throw invalidParameter(`Cannot delete the required attribute ${name}`);
    delete user.attributes[name];
  }
  saveUser(ctx, pool, user);
  return {};
}

export function deleteMe(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  deleteUser(ctx, pool, user);
  return {};
}

export function globalSignOut(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  endSessions(ctx, pool, user);
  return {};
}
