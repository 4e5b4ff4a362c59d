// Self-service sign-up and its confirmation code, with the pre sign-up and post confirmation triggers.
// https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
import { hourlyLimit } from '../attempts.js';
import { consumeCode, deliver, emailDelivery, issueCode, type Message } from '../codes.js';
import { atomic, type Context, type Flow, type Input } from '../context.js';
import { invalidParameter, notAuthorized, wrongCode } from '../errors.js';
import type { Pool, User } from '../model.js';
import { checkPolicy, setPassword } from '../passwords.js';
import { clientAndPool, findUser, poolOf, saveUser, userOf, usernameKey } from '../records.js';
import { allowedFactors } from './user-auth.js';
import { booleanField, eventAttributesOf, NO_CLIENT, runTrigger } from '../triggers.js';
import { checkSecretHash, hidesUnknownUsers, newUser, unknownUserOfClient } from '../users.js';
import { attributeList, CLIENT_ID, CODE, PASSWORD, stringMap, text, USER_POOL_ID, USERNAME, optionalText } from '../validate.js';

const autoVerifiesEmail = (pool: { AutoVerifiedAttributes?: string[] }) => (pool.AutoVerifiedAttributes ?? []).includes('email');

const attributesOf = (input: Input, name: string) => Object.fromEntries(attributeList(input, name).map(({ Name, Value }) => [Name, Value]));

/** The checks SignUp makes before the pre sign-up trigger, and again before it creates the user. */
function checkSignUp(ctx: Context, input: Input) {
  const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const username = text(input, 'Username', USERNAME);
  // A pool with a passwordless first factor takes a sign-up without a password.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#CognitoUserPools-SignUp-request-Password
  const passwordless = allowedFactors(pool).some((factor) => factor !== 'PASSWORD');
  const password = passwordless && input.Password === undefined ? undefined : text(input, 'Password', PASSWORD);
  checkSecretHash(client, [username], optionalText(input, 'SecretHash'));
  const attributes = attributesOf(input, 'UserAttributes');
  const user = newUser(ctx, pool, username, attributes, 'UNCONFIRMED');
  if (password !== undefined) checkPolicy(pool.Policies.PasswordPolicy, password);
  return { client, pool, user, username, password, attributes };
}

/** What the pre sign-up trigger decided: confirm the user, verify their email. */
interface PreSignUpDecision {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
}

// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
export async function preSignUp(
  ctx: Context,
  pool: Pool,
  clientId: string,
  username: string,
  input: Input,
  triggerSource: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
): Promise<PreSignUpDecision> {
  const clientMetadata = stringMap(input, 'ClientMetadata');
  const response = await runTrigger(ctx, pool, 'PreSignUp', {
    triggerSource,
    userName: username,
    clientId,
    request: {
      userAttributes: attributesOf(input, 'UserAttributes'),
      validationData: attributesOf(input, 'ValidationData'),
      ...(Object.keys(clientMetadata).length > 0 ? { clientMetadata } : {}),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (!response) return { autoConfirmUser: false, autoVerifyEmail: false };
  booleanField(response, 'autoVerifyPhone');
  return { autoConfirmUser: booleanField(response, 'autoConfirmUser'), autoVerifyEmail: booleanField(response, 'autoVerifyEmail') };
}

export const signUp: Flow = async (ctx, input) => {
  const first = atomic(ctx, () => checkSignUp(ctx, input));
  const decision = await preSignUp(ctx, first.pool, first.client.ClientId, first.username, input, 'PreSignUp_SignUp');
  const { pool, client, user, message } = atomic(ctx, () => {
    // The state may have changed while the trigger ran: check again.
    const checked = checkSignUp(ctx, input);
    const { user } = checked;
    if (decision.autoVerifyEmail) {
      if (!user.attributes.email) throw invalidParameter('Email is required to autoVerify email');
      user.attributes.email_verified = 'true';
    }
    if (decision.autoConfirmUser) user.status = 'CONFIRMED';
    if (checked.password !== undefined) setPassword(checked.pool, user, checked.password);
    saveUser(ctx, checked.pool, user);
    const email = user.attributes.email;
    const sends = !decision.autoConfirmUser && autoVerifiesEmail(checked.pool) && email;
    const message: Message | undefined = sends
      ? { source: 'SignUp', destination: email, code: issueCode(ctx, checked.pool, user, 'signup'), clientId: checked.client.ClientId }
      : undefined;
    return { ...checked, message };
  });
  if (message) await deliver(ctx, pool, user, { ...message, clientMetadata: stringMap(input, 'ClientMetadata') });
  // A user the pre sign-up trigger confirmed is confirmed now, so the post confirmation trigger runs now.
  if (decision.autoConfirmUser) await postConfirmation(ctx, pool, user, client.ClientId, 'PostConfirmation_ConfirmSignUp', input);
  return {
    UserConfirmed: decision.autoConfirmUser,
    UserSub: user.sub,
    ...(message ? { CodeDeliveryDetails: emailDelivery(message.destination) } : {}),
  };
};

/**
 * The post confirmation trigger, after the change it follows is stored: a failure answers the call
 * with the trigger's error, and the user stays confirmed (public reports: aws-amplify/amplify-cli#2735).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 */
export async function postConfirmation(
  ctx: Context,
  pool: Pool,
  user: User,
  clientId: string,
  triggerSource: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  input: Input,
): Promise<void> {
  const clientMetadata = stringMap(input, 'ClientMetadata');
  await runTrigger(ctx, pool, 'PostConfirmation', {
    triggerSource,
    userName: user.username,
    clientId,
    request: { userAttributes: eventAttributesOf(user), ...(Object.keys(clientMetadata).length > 0 ? { clientMetadata } : {}) },
  });
}

function confirm(ctx: Context, pool: Pool, user: User): void {
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

export const confirmSignUp: Flow = async (ctx, input) => {
  const { pool, client, user } = atomic(ctx, () => {
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
    return { pool, client, user };
  });
  await postConfirmation(ctx, pool, user, client.ClientId, 'PostConfirmation_ConfirmSignUp', input);
  return {};
};

export const resendConfirmationCode: Flow = async (ctx, input) => {
  const sent = atomic(ctx, () => {
    const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    const username = text(input, 'Username', USERNAME);
    const user = findUser(ctx, pool, username);
    checkSecretHash(client, [username, ...(user ? [user.username] : [])], optionalText(input, 'SecretHash'));
    const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
    if (!user && !hidesUnknownUsers(client)) throw unknownUserOfClient();
    hourlyLimit.check(ctx, pool.Id, subject, 'send:signup');
    hourlyLimit.count(ctx, pool.Id, subject, 'send:signup');
    // With PreventUserExistenceErrors, an unknown user gets a simulated delivery.
    if (!user) return { destination: username };
    if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
    const email = user.attributes.email;
    if (!email) throw invalidParameter('No email address to send the code to.');
    const message: Message = {
      source: 'ResendCode',
      destination: email,
      code: issueCode(ctx, pool, user, 'signup'),
      clientId: client.ClientId,
    };
    return { destination: email, pool, user, message };
  });
  if (sent.message) await deliver(ctx, sent.pool, sent.user, { ...sent.message, clientMetadata: stringMap(input, 'ClientMetadata') });
  return { CodeDeliveryDetails: emailDelivery(sent.destination) };
};

export const adminConfirmSignUp: Flow = async (ctx, input) => {
  const { pool, user } = atomic(ctx, () => {
    const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
    const user = userOf(ctx, pool, text(input, 'Username', USERNAME));
    if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    user.status = 'CONFIRMED';
    saveUser(ctx, pool, user);
    return { pool, user };
  });
  await postConfirmation(ctx, pool, user, NO_CLIENT, 'PostConfirmation_ConfirmSignUp', input);
  return {};
};
