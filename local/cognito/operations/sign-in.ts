// Password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH) and the challenges that
// follow it; USER_AUTH's choices are in user-auth.ts. CUSTOM_AUTH is not emulated yet (docs/local-emulation.md).
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
import { signInLockout } from '../attempts.js';
import { answerOf, type Outcome } from '../authentication.js';
import { closeChallenge, openChallenge, startChallenge, type OpenChallenge } from '../challenges.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import {
  CognitoError,
  codeMismatch,
  incorrectCredentials,
  invalidParameter,
  invalidSession,
  notAuthorized,
  userNotFound,
} from '../errors.js';
import type { Client, Pool, User } from '../model.js';
import { checkPolicy, setPassword, passwordMatches } from '../passwords.js';
import { clientAndPool, findUser, poolOf, saveUser, usernameKey } from '../records.js';
import { matchingStep } from '../totp.js';
import { eventAttributesOf, runTrigger } from '../triggers.js';
import { checkSecretHash, hidesUnknownUsers } from '../users.js';
import { CLIENT_ID, SESSION, stringMap, text, USER_POOL_ID } from '../validate.js';
import { refreshTokenAuth } from './refresh.js';
import { passwordVerifier, srpAuth } from './password-verifier.js';
import { answerEmailOtp, answerSelectChallenge, answerWebAuthn, userAuth } from './user-auth.js';

export const missing = (name: string) => invalidParameter(`Missing required parameter ${name}`);

function checkFlowAllowed(client: Client, flow: string): void {
  if (!client.ExplicitAuthFlows.includes(`ALLOW_${flow}`)) throw invalidParameter(`${flow} flow not enabled for this client`);
}

const usesTotp = (pool: Pool, user: User) =>
  pool.MfaConfiguration !== 'OFF' && user.totp !== undefined && user.softwareTokenMfa?.enabled === true;
// With MFA required and nothing set up, the user sets up an authenticator before getting tokens.
const needsMfaSetup = (pool: Pool, user: User) => pool.MfaConfiguration === 'ON' && !usesTotp(pool, user);

/** The next challenge the user must answer, or the user authenticated. */
export function afterFirstFactor(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  source: 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge' = 'TokenGeneration_Authentication',
): Outcome {
  if (usesTotp(pool, user)) {
    const session = startChallenge(ctx, pool, client, user, { name: 'SOFTWARE_TOKEN_MFA' });
    return {
      challenge: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: { USER_ID_FOR_SRP: user.username } },
    };
  }
  if (needsMfaSetup(pool, user)) {
    if (!pool.SoftwareTokenMfaConfiguration?.Enabled)
      throw new CognitoError('InvalidUserPoolConfigurationException', 'No MFA method is enabled for the user pool.');
    const session = startChallenge(ctx, pool, client, user, { name: 'MFA_SETUP' });
    return {
      challenge: {
        ChallengeName: 'MFA_SETUP',
        Session: session,
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username },
      },
    };
  }
  return { authenticated: { pool, client, user, source } };
}

/** Who is signing in: the user (if the username names one) and the key their failed attempts count under. */
export interface Attempt {
  username: string;
  user: User | undefined;
  subject: string;
}

/**
 * The checks every first factor shares before the pre authentication trigger: the secret hash, an
 * unknown user (answered as a known one with PreventUserExistenceErrors), and the lockout.
 */
export function startAttempt(ctx: Context, pool: Pool, client: Client, username: string, secretHash: string | undefined): Attempt {
  const user = findUser(ctx, pool, username);
  checkSecretHash(client, [username, ...(user ? [user.username] : [])], secretHash);
  if (!user && !hidesUnknownUsers(client)) throw userNotFound('User does not exist.');
  // Unknown usernames are counted too, so that a lockout says nothing about whether an account exists.
  const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
  signInLockout.check(ctx, pool.Id, subject);
  // Cognito tells an unconfirmed user so before it checks the password, whatever the password
  // (amazon-cognito-identity-js#288, aws-sdk-js#4608).
  if (user?.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  return { username, user, subject };
}

/**
 * The pre authentication trigger. It runs for an unknown user too when the client hides unknown users
 * (with `userNotFound`), never on a refresh; InitiateAuth's ClientMetadata is its validationData.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html
 */
export async function preAuthentication(ctx: Context, pool: Pool, client: Client, attempt: Attempt, input: Input): Promise<void> {
  const validationData = stringMap(input, 'ClientMetadata');
  await runTrigger(ctx, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: attempt.user?.username ?? attempt.username,
    clientId: client.ClientId,
    request: {
      userAttributes: attempt.user ? eventAttributesOf(attempt.user) : {},
      ...(Object.keys(validationData).length > 0 ? { validationData } : {}),
      ...(hidesUnknownUsers(client) ? { userNotFound: !attempt.user } : {}),
    },
  });
}

/** After a first factor (a password, a code, a passkey): the user's state decides what comes next. */
export function afterPassword(ctx: Context, pool: Pool, client: Client, user: User, subject: string): Outcome {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD' && (user.temporaryPasswordExpiresAt ?? Infinity) <= ctx.clock.now())
    throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
  signInLockout.succeeded(ctx, pool.Id, subject);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = startChallenge(ctx, pool, client, user, { name: 'NEW_PASSWORD_REQUIRED' });
    const { email_verified: _verified, ...attributes } = user.attributes;
    return {
      challenge: {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
      },
    };
  }
  return afterFirstFactor(ctx, pool, client, user);
}

/** A password sign-in's last step: the lockout again (the trigger ran meanwhile), then the password. */
export function checkPassword(ctx: Context, pool: Pool, client: Client, username: string, password: string): Outcome {
  const user = findUser(ctx, pool, username);
  const subject = user ? usernameKey(pool, user.username) : username.toLowerCase();
  signInLockout.check(ctx, pool.Id, subject);
  if (!user || user.status === 'UNCONFIRMED' || !passwordMatches(user.password, password)) {
    signInLockout.failed(ctx, pool.Id, subject);
    throw incorrectCredentials();
  }
  return afterPassword(ctx, pool, client, user, subject);
}

async function passwordAuth(ctx: Context, input: Input, pool: Pool, client: Client, parameters: Record<string, string>): Promise<Output> {
  const username = parameters.USERNAME;
  const password = parameters.PASSWORD;
  if (!username) throw missing('USERNAME');
  if (!password) throw missing('PASSWORD');
  const attempt = atomic(ctx, () => startAttempt(ctx, pool, client, username, parameters.SECRET_HASH));
  await preAuthentication(ctx, pool, client, attempt, input);
  return answerOf(
    ctx,
    atomic(ctx, () => checkPassword(ctx, pool, client, username, password)),
  );
}

async function initiate(ctx: Context, input: Input, admin: boolean): Promise<Output> {
  const { pool, client, flow, given, parameters } = atomic(ctx, () => {
    const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    if (admin && client.UserPoolId !== poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID)).Id)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${client.ClientId} does not exist.`);
    const given = text(input, 'AuthFlow');
    const parameters = stringMap(input, 'AuthParameters');
    const flow = given === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : given === 'ADMIN_NO_SRP_AUTH' ? 'ADMIN_USER_PASSWORD_AUTH' : given;
    return { pool, client, flow, given, parameters };
  });
  if (flow === 'REFRESH_TOKEN_AUTH') return refreshTokenAuth(ctx, pool, client, parameters);
  if (flow === (admin ? 'ADMIN_USER_PASSWORD_AUTH' : 'USER_PASSWORD_AUTH')) {
    checkFlowAllowed(client, flow);
    return passwordAuth(ctx, input, pool, client, parameters);
  }
  if (flow === 'USER_SRP_AUTH') {
    checkFlowAllowed(client, flow);
    return srpAuth(ctx, input, pool, client, parameters);
  }
  if (flow === 'USER_AUTH') {
    checkFlowAllowed(client, flow);
    const username = parameters.USERNAME;
    if (!username) throw missing('USERNAME');
    const attempt = atomic(ctx, () => startAttempt(ctx, pool, client, username, parameters.SECRET_HASH));
    await preAuthentication(ctx, pool, client, attempt, input);
    return answerOf(
      ctx,
      atomic(ctx, () => userAuth(ctx, pool, client, attempt, parameters)),
    );
  }
  if (flow === 'CUSTOM_AUTH') throw invalidParameter(`${flow} is not supported by the local Cognito emulator yet`);
  throw invalidParameter(`Initiate Auth method not supported: ${given}`);
}

export const initiateAuth: Flow = (ctx, input) => initiate(ctx, input, false);

export const adminInitiateAuth: Flow = (ctx, input) => initiate(ctx, input, true);

function newPasswordRequired(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  responses: Record<string, string>,
  session: string,
): Outcome {
  const password = responses.NEW_PASSWORD;
  if (!password) throw missing('NEW_PASSWORD');
  checkPolicy(pool.Policies.PasswordPolicy, password);
  for (const [key, value] of Object.entries(responses)) if (key.startsWith('userAttributes.')) user.attributes[key.slice(15)] = value;
  setPassword(pool, user, password);
  user.status = 'CONFIRMED';
  delete user.temporaryPasswordExpiresAt;
  saveUser(ctx, pool, user);
  closeChallenge(ctx, session);
  return afterFirstFactor(ctx, pool, client, user, 'TokenGeneration_NewPasswordChallenge');
}

function softwareTokenMfa(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  responses: Record<string, string>,
  session: string,
): Outcome {
  const code = responses.SOFTWARE_TOKEN_MFA_CODE;
  if (!code) throw missing('SOFTWARE_TOKEN_MFA_CODE');
  const subject = usernameKey(pool, user.username);
  // Wrong MFA codes count toward the sign-in lockout.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
  signInLockout.check(ctx, pool.Id, subject);
  const step = user.totp && matchingStep(user.totp.secret, code, ctx.clock.now(), user.totp.lastUsedStep);
  if (!user.totp || step === undefined) {
    signInLockout.failed(ctx, pool.Id, subject);
    throw codeMismatch('Invalid code received for user');
  }
  user.totp.lastUsedStep = step;
  saveUser(ctx, pool, user);
  signInLockout.succeeded(ctx, pool.Id, subject);
  closeChallenge(ctx, session);
  return { authenticated: { pool, client, user, source: 'TokenGeneration_Authentication' } };
}

function mfaSetup(ctx: Context, pool: Pool, client: Client, user: User, challenge: OpenChallenge, session: string): Outcome {
  // VerifySoftwareToken with this session accepted a code of the new authenticator.
  if (!challenge.totpSecret || !challenge.totpVerified) throw invalidParameter('Software token MFA is not set up for the user yet.');
  user.totp = { secret: challenge.totpSecret, lastUsedStep: user.totp?.lastUsedStep ?? -1 };
  user.softwareTokenMfa = { enabled: true, preferred: true };
  saveUser(ctx, pool, user);
  closeChallenge(ctx, session);
  return { authenticated: { pool, client, user, source: 'TokenGeneration_Authentication' } };
}

export function respond(ctx: Context, input: Input, pool: Pool, client: Client): Outcome {
  const name = text(input, 'ChallengeName');
  const responses = stringMap(input, 'ChallengeResponses');
  if (name === 'PASSWORD_VERIFIER') {
    // The secret block is the handle of a PASSWORD_VERIFIER challenge; it answers once.
    const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK;
    if (!secretBlock) throw missing('PASSWORD_CLAIM_SECRET_BLOCK');
    const challenge = openChallenge(ctx, secretBlock);
    if (challenge.name !== name) throw invalidSession();
    closeChallenge(ctx, secretBlock);
    return passwordVerifier(ctx, pool, client, challenge, responses);
  }
  const session = text(input, 'Session', SESSION);
  const challenge = openChallenge(ctx, session);
  if (challenge.name !== name) throw invalidSession();
  // These two may stand for an unknown user (PreventUserExistenceErrors).
  if (name === 'SELECT_CHALLENGE') return answerSelectChallenge(ctx, pool, client, challenge, session, responses);
  if (name === 'EMAIL_OTP') return answerEmailOtp(ctx, pool, client, challenge, session, responses);
  const user = challenge.poolId === pool.Id ? findUser(ctx, pool, challenge.username) : undefined;
  if (!user || challenge.clientId !== client.ClientId || challenge.name !== name) throw invalidSession();
  const named = responses.USERNAME ? findUser(ctx, pool, responses.USERNAME) : undefined;
  if (!named || named.username !== user.username) throw invalidSession();
  checkSecretHash(client, [responses.USERNAME ?? '', user.username], responses.SECRET_HASH);
  if (name === 'NEW_PASSWORD_REQUIRED') return newPasswordRequired(ctx, pool, client, user, responses, session);
  if (name === 'SOFTWARE_TOKEN_MFA') return softwareTokenMfa(ctx, pool, client, user, responses, session);
  if (name === 'MFA_SETUP') return mfaSetup(ctx, pool, client, user, challenge, session);
  throw invalidParameter(`${name} is not supported by the local Cognito emulator yet`);
}

/** One challenge answer: checked in one transaction (a passkey's signature outside it), then the triggers of a completed sign-in. */
async function respondWith(ctx: Context, input: Input, admin: boolean): Promise<Output> {
  const { client, pool } = atomic(ctx, () => {
    const found = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    if (admin && found.client.UserPoolId !== poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID)).Id)
      throw new CognitoError('ResourceNotFoundException', `User pool client ${found.client.ClientId} does not exist.`);
    return found;
  });
  const outcome =
    text(input, 'ChallengeName') === 'WEB_AUTHN'
      ? await answerWebAuthn(ctx, pool, client, text(input, 'Session', SESSION), stringMap(input, 'ChallengeResponses'))
      : atomic(ctx, () => respond(ctx, input, pool, client));
  const clientMetadata = stringMap(input, 'ClientMetadata');
  if ('authenticated' in outcome) outcome.authenticated.clientMetadata = clientMetadata;
  return answerOf(ctx, outcome);
}

export const respondToAuthChallenge: Flow = (ctx, input) => respondWith(ctx, input, false);

export const adminRespondToAuthChallenge: Flow = (ctx, input) => respondWith(ctx, input, true);
