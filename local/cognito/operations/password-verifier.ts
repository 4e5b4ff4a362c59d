// USER_SRP_AUTH (and USER_AUTH's PASSWORD_SRP): the PASSWORD_VERIFIER challenge and its answer.
// The SRP arithmetic is in srp.ts.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-user-srp-auth
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { signInLockout } from '../attempts.js';
import { answerOf, type Outcome } from '../authentication.js';
import { startChallenge, type OpenChallenge } from '../challenges.js';
import { atomic, type Context, type Input, type Output } from '../context.js';
import { incorrectCredentials, invalidParameter, invalidSession } from '../errors.js';
import type { Client, Pool } from '../model.js';
import { findUser, usernameKey } from '../records.js';
import { claimMatches, serverValues, TIMESTAMP, verifierOf, type Verifier } from '../srp.js';
import { checkSecretHash } from '../users.js';
import { afterPassword, missing, preAuthentication, startAttempt } from './sign-in.js';

/**
 * What an unknown username (or a user with no SRP verifier yet) gets instead of a verifier: one derived
 * from the emulator's key, so that the same username always gets the same salt, as a real one would.
 */
function standInVerifier(ctx: Context, pool: Pool, username: string): Verifier {
  const secret = createHash('sha256')
    .update(ctx.keys.id.privateKey.export({ type: 'pkcs8', format: 'der' }))
    .digest();
  const salt = createHmac('sha256', secret).update(`${pool.Id}\n${username.toLowerCase()}`).digest().subarray(0, 16).toString('hex');
  return verifierOf(pool.Id, username, randomBytes(16).toString('hex'), salt);
}

/**
 * USER_SRP_AUTH's first answer: the PASSWORD_VERIFIER challenge (SALT, SRP_B, SECRET_BLOCK,
 * USER_ID_FOR_SRP). An unknown user gets one too when the client hides unknown users: the claim then
 * fails as a wrong password does. The secret block is the challenge's handle (no Session is needed).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
export function passwordVerifierChallenge(ctx: Context, pool: Pool, client: Client, username: string, srpA: string): Outcome {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(srpA)) throw invalidParameter('SRP_A must be a hexadecimal string.');
  const user = findUser(ctx, pool, username);
  const id = user?.username ?? username;
  const verifier = user?.srp ?? standInVerifier(ctx, pool, username);
  const values = serverValues(verifier, srpA);
  if (!values) throw invalidParameter('SRP_A cannot be 0 modulo N.');
  const secretBlock = randomBytes(96).toString('base64');
  startChallenge(ctx, pool, client, { username: id }, { name: 'PASSWORD_VERIFIER', srp: { srpA, ...values, ...verifier } }, secretBlock);
  return {
    challenge: {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: verifier.salt, SRP_B: values.B, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: id, USERNAME: id },
    },
  };
}

export async function srpAuth(ctx: Context, input: Input, pool: Pool, client: Client, parameters: Record<string, string>): Promise<Output> {
  const username = parameters.USERNAME;
  const srpA = parameters.SRP_A;
  if (!username) throw missing('USERNAME');
  if (!srpA) throw missing('SRP_A');
  const attempt = atomic(ctx, () => startAttempt(ctx, pool, client, username, parameters.SECRET_HASH));
  await preAuthentication(ctx, pool, client, attempt, input);
  return answerOf(
    ctx,
    atomic(ctx, () => passwordVerifierChallenge(ctx, pool, client, username, srpA)),
  );
}

/** The PASSWORD_VERIFIER answer: the claim signature proves the password; a wrong one counts as a wrong password. */
export function passwordVerifier(
  ctx: Context,
  pool: Pool,
  client: Client,
  challenge: OpenChallenge,
  responses: Record<string, string>,
): Outcome {
  const { srp } = challenge;
  const given = responses.USERNAME;
  if (!srp || challenge.clientId !== client.ClientId || challenge.poolId !== pool.Id) throw invalidSession();
  if (!given) throw missing('USERNAME');
  const user = findUser(ctx, pool, challenge.username);
  if (user ? findUser(ctx, pool, given)?.username !== user.username : given.toLowerCase() !== challenge.username) throw invalidSession();
  checkSecretHash(client, [given, ...(user ? [user.username] : [])], responses.SECRET_HASH);
  const timestamp = responses.TIMESTAMP;
  const signature = responses.PASSWORD_CLAIM_SIGNATURE;
  if (!signature) throw missing('PASSWORD_CLAIM_SIGNATURE');
  if (!timestamp) throw missing('TIMESTAMP');
  if (!TIMESTAMP.test(timestamp)) throw invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  const subject = user ? usernameKey(pool, user.username) : challenge.username;
  signInLockout.check(ctx, pool.Id, subject);
  const claim = {
    userPoolId: pool.Id,
    username: user?.username ?? given,
    secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '',
    timestamp,
    signature,
  };
  const proven = user?.srp?.verifier === srp.verifier && claimMatches(srp, srp, claim);
  if (!user || user.status === 'UNCONFIRMED' || !proven) {
    signInLockout.failed(ctx, pool.Id, subject);
    throw incorrectCredentials();
  }
  return afterPassword(ctx, pool, client, user, subject);
}
