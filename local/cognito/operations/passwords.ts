// Forgotten, changed and administrator-set passwords.
// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
import { hourlyLimit, signInLockout } from '../attempts.js';
import { consumeCode, deliver, emailDelivery, issueCode, type Message } from '../codes.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import { incorrectCredentials, invalidParameter, notAuthorized, wrongCode } from '../errors.js';
import { checkPolicy, setPassword, passwordMatches } from '../passwords.js';
import { clientAndPool, endSessions, findUser, poolOf, saveUser, userOf, usernameKey } from '../records.js';
import { userOfAccessToken } from '../sessions.js';
import { NO_CLIENT } from '../triggers.js';
import { checkSecretHash, hidesUnknownUsers, unknownUserOfClient } from '../users.js';
import { CLIENT_ID, CODE, optionalBoolean, optionalText, PASSWORD, stringMap, text, USER_POOL_ID, USERNAME } from '../validate.js';
import { postConfirmation } from './sign-up.js';

export const forgotPassword: Flow = async (ctx, input) => {
  const found = atomic(ctx, () => {
    const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    const username = text(input, 'Username', USERNAME);
    const user = findUser(ctx, pool, username);
    checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
    if (!user && !hidesUnknownUsers(client)) throw unknownUserOfClient();
    const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
    hourlyLimit.check(ctx, pool.Id, subject, 'send:reset');
    hourlyLimit.count(ctx, pool.Id, subject, 'send:reset');
    if (!user) return { destination: username };
    if (!user.enabled) throw notAuthorized('User is disabled.');
    // No first password yet: the administrator's invitation is the way in.
    if (user.status === 'FORCE_CHANGE_PASSWORD') throw notAuthorized('User password cannot be reset in the current state.');
    // A reset code goes to a verified address only, so a reset cannot confirm an unconfirmed account.
    const email = user.attributes.email;
    if (!email || user.attributes.email_verified !== 'true')
      throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
    const message: Message = {
      source: 'ForgotPassword',
      destination: email,
      code: issueCode(ctx, pool, user, 'reset'),
      clientId: client.ClientId,
    };
    return { destination: email, pool, user, message };
  });
  if (found.message) await deliver(ctx, found.pool, found.user, { ...found.message, clientMetadata: stringMap(input, 'ClientMetadata') });
  return { CodeDeliveryDetails: emailDelivery(found.destination) };
};

// A reset confirms the user's new password: the post confirmation trigger runs with its own source.
export const confirmForgotPassword: Flow = async (ctx, input) => {
  const { pool, client, user } = atomic(ctx, () => {
    const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    const username = text(input, 'Username', USERNAME);
    const code = text(input, 'ConfirmationCode', CODE);
    const password = text(input, 'Password', PASSWORD);
    const user = findUser(ctx, pool, username);
    checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
    if (!user) {
      if (hidesUnknownUsers(client)) throw wrongCode();
      throw unknownUserOfClient();
    }
    checkPolicy(pool.Policies.PasswordPolicy, password);
    consumeCode(ctx, pool, user, 'reset', code);
    setPassword(pool, user, password);
    if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
    saveUser(ctx, pool, user);
    return { pool, client, user };
  });
  await postConfirmation(ctx, pool, user, client.ClientId, 'PostConfirmation_ConfirmForgotPassword', input);
  return {};
};

export function changePassword(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  const previous = text(input, 'PreviousPassword', PASSWORD);
  const proposed = text(input, 'ProposedPassword', PASSWORD);
  const subject = usernameKey(pool, user.username);
  signInLockout.check(ctx, pool.Id, subject);
  if (!passwordMatches(user.password, previous)) {
    signInLockout.failed(ctx, pool.Id, subject);
    throw incorrectCredentials();
  }
  checkPolicy(pool.Policies.PasswordPolicy, proposed);
  setPassword(pool, user, proposed);
  saveUser(ctx, pool, user);
  return {};
}

export function adminSetUserPassword(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
  const password = text(input, 'Password', PASSWORD);
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  checkPolicy(pool.Policies.PasswordPolicy, password);
  setPassword(pool, user, password);
  user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  if (permanent) delete user.temporaryPasswordExpiresAt;
  else user.temporaryPasswordExpiresAt = ctx.clock.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86_400_000;
  saveUser(ctx, pool, user);
  return {};
}

export const adminResetUserPassword: Flow = async (ctx, input) => {
  const found = atomic(ctx, () => {
    const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
    const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
    const email = user.attributes.email;
    if (!email || user.attributes.email_verified !== 'true')
      throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
    user.status = 'RESET_REQUIRED';
    saveUser(ctx, pool, user);
    endSessions(ctx, pool, user);
    const message: Message = {
      source: 'ForgotPassword',
      destination: email,
      code: issueCode(ctx, pool, user, 'reset'),
      clientId: NO_CLIENT,
    };
    return { pool, user, message };
  });
  await deliver(ctx, found.pool, found.user, { ...found.message, clientMetadata: stringMap(input, 'ClientMetadata') });
  return {};
};
