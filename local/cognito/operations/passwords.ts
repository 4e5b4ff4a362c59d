// Forgotten, changed and administrator-set passwords.
// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
import { hourlyLimit, signInLockout } from '../attempts.js';
import { consumeCode, emailDelivery, sendCode } from '../codes.js';
import type { Context, Input, Output } from '../context.js';
import { incorrectCredentials, invalidParameter, notAuthorized, wrongCode } from '../errors.js';
import { checkPolicy, hashPassword, passwordMatches } from '../passwords.js';
import { clientAndPool, endSessions, findUser, poolOf, saveUser, userOf, usernameKey } from '../records.js';
import { userOfAccessToken } from '../sessions.js';
import { checkSecretHash, hidesUnknownUsers, unknownUserOfClient } from '../users.js';
import { CLIENT_ID, CODE, optionalBoolean, optionalText, PASSWORD, text, USER_POOL_ID, USERNAME } from '../validate.js';

export function forgotPassword(ctx: Context, input: Input): Output {
  const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const username = text(input, 'Username', USERNAME);
  const user = findUser(ctx, pool, username);
  checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
  if (!user && !hidesUnknownUsers(client)) throw unknownUserOfClient();
  const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
  hourlyLimit.check(ctx, pool.Id, subject, 'send:reset');
  hourlyLimit.count(ctx, pool.Id, subject, 'send:reset');
  if (!user) return { CodeDeliveryDetails: emailDelivery(username) };
  if (!user.enabled) throw notAuthorized('User is disabled.');
  // No first password yet: the administrator's invitation is the way in.
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw notAuthorized('User password cannot be reset in the current state.');
  // A reset code goes to a verified address only, so a reset cannot confirm an unconfirmed account.
  const email = user.attributes.email;
  if (!email || user.attributes.email_verified !== 'true')
    throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  return { CodeDeliveryDetails: sendCode(ctx, pool, user, 'reset', 'ForgotPassword', email) };
}

export function confirmForgotPassword(ctx: Context, input: Input): Output {
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
  user.password = hashPassword(password);
  if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
  saveUser(ctx, pool, user);
  return {};
}

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
  user.password = hashPassword(proposed);
  saveUser(ctx, pool, user);
  return {};
}

export function adminSetUserPassword(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
  const password = text(input, 'Password', PASSWORD);
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  checkPolicy(pool.Policies.PasswordPolicy, password);
  user.password = hashPassword(password);
  user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  if (permanent) delete user.temporaryPasswordExpiresAt;
  else user.temporaryPasswordExpiresAt = ctx.clock.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86_400_000;
  saveUser(ctx, pool, user);
  return {};
}

export function adminResetUserPassword(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
  const email = user.attributes.email;
  if (!email || user.attributes.email_verified !== 'true')
    throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  user.status = 'RESET_REQUIRED';
  saveUser(ctx, pool, user);
  endSessions(ctx, pool, user);
  sendCode(ctx, pool, user, 'reset', 'ForgotPassword', email);
  return {};
}
