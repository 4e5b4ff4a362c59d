// Self-service sign-up and its confirmation code.
// https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
import { hourlyLimit } from '../attempts.js';
import { consumeCode, emailDelivery, sendCode } from '../codes.js';
import type { Context, Input, Output } from '../context.js';
import { invalidParameter, notAuthorized, wrongCode } from '../errors.js';
import { checkPolicy, hashPassword } from '../passwords.js';
import { clientAndPool, findUser, poolOf, saveUser, userOf, usernameKey } from '../records.js';
import { checkSecretHash, hidesUnknownUsers, newUser, unknownUserOfClient } from '../users.js';
import { attributeList, CLIENT_ID, CODE, PASSWORD, text, USER_POOL_ID, USERNAME, optionalText } from '../validate.js';

const autoVerifiesEmail = (pool: { AutoVerifiedAttributes?: string[] }) => (pool.AutoVerifiedAttributes ?? []).includes('email');

export function signUp(ctx: Context, input: Input): Output {
  const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const username = text(input, 'Username', USERNAME);
  const password = text(input, 'Password', PASSWORD);
  checkSecretHash(client, [username], optionalText(input, 'SecretHash'));
  const attributes = Object.fromEntries(attributeList(input, 'UserAttributes').map(({ Name, Value }) => [Name, Value]));
  const user = newUser(ctx, pool, username, attributes, 'UNCONFIRMED');
  checkPolicy(pool.Policies.PasswordPolicy, password);
  user.password = hashPassword(password);
  saveUser(ctx, pool, user);
  const email = user.attributes.email;
  const delivery = autoVerifiesEmail(pool) && email ? sendCode(ctx, pool, user, 'signup', 'SignUp', email) : undefined;
  return { UserConfirmed: false, UserSub: user.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
}

function confirm(ctx: Context, pool: ReturnType<typeof poolOf>, user: ReturnType<typeof userOf>): void {
  user.status = 'CONFIRMED';
  // The code went to the email, so the email is verified when the pool verifies emails.
  if (autoVerifiesEmail(pool) && user.attributes.email) user.attributes.email_verified = 'true';
  saveUser(ctx, pool, user);
}

const notUnconfirmed = (status: string) =>
  status === 'CONFIRMED'
    ? notAuthorized('User cannot be confirmed. Current status is CONFIRMED')
    : // An administrator-created user, for one, has no sign-up to confirm.
      notAuthorized('User cannot confirm because user status is not UNCONFIRMED.');

export function confirmSignUp(ctx: Context, input: Input): Output {
  const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const username = text(input, 'Username', USERNAME);
  const code = text(input, 'ConfirmationCode', CODE);
  const user = findUser(ctx, pool, username);
  checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
  if (!user) {
    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
    if (hidesUnknownUsers(client)) throw wrongCode();
    throw unknownUserOfClient();
  }
  if (user.status !== 'UNCONFIRMED') throw notUnconfirmed(user.status);
  consumeCode(ctx, pool, user, 'signup', code);
  confirm(ctx, pool, user);
  return {};
}

export function resendConfirmationCode(ctx: Context, input: Input): Output {
  const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const username = text(input, 'Username', USERNAME);
  const user = findUser(ctx, pool, username);
  checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
  const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
  if (!user && !hidesUnknownUsers(client)) throw unknownUserOfClient();
  hourlyLimit.check(ctx, pool.Id, subject, 'send:signup');
  hourlyLimit.count(ctx, pool.Id, subject, 'send:signup');
  // With PreventUserExistenceErrors, an unknown user gets a simulated delivery.
  if (!user) return { CodeDeliveryDetails: emailDelivery(username) };
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  const email = user.attributes.email;
  if (!email) throw invalidParameter('No email address to send the code to.');
  return { CodeDeliveryDetails: sendCode(ctx, pool, user, 'signup', 'ResendCode', email) };
}

export function adminConfirmSignUp(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
  if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  saveUser(ctx, pool, user);
  return {};
}
