// The end of every successful sign-in (any flow, any challenge): the post authentication trigger, the
// pre token generation trigger, then a new session and its tokens. A refresh runs the pre token
// generation trigger only.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html
import { deliver, type Message } from './codes.js';
import { atomic, type Context } from './context.js';
import { notAuthorized, userDoesNotExist } from './errors.js';
import type { Client, Pool, User } from './model.js';
import { findUser } from './records.js';
import { startSession } from './sessions.js';
import { API_SCOPES, type TokenCustomization } from './tokens.js';
import { eventAttributesOf, preTokenGenerationVersion, runTrigger, unrecognizableOutput } from './triggers.js';

export type TokenSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_RefreshTokens';

/** A user who has answered every challenge; what the step that saw it knows. */
export interface Authenticated {
  pool: Pool;
  client: Client;
  user: User;
  source: TokenSource;
  /** RespondToAuthChallenge's ClientMetadata (InitiateAuth's goes to the pre authentication trigger only). */
  clientMetadata?: Record<string, string>;
}

/** What one step of a sign-in gave: the next challenge to answer (and a code it sends), or an authenticated user. */
export type Outcome =
  { challenge: Record<string, unknown>; delivery?: { pool: Pool; user: User; message: Message } } | { authenticated: Authenticated };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function objectField(parent: Json, name: string): Json | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw unrecognizableOutput();
  return value;
}

function stringListField(parent: Json, name: string): string[] | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw unrecognizableOutput();
  return value as string[];
}

function claimChanges(details: Json | undefined) {
  if (!details) return undefined;
  const add = objectField(details, 'claimsToAddOrOverride');
  const suppress = stringListField(details, 'claimsToSuppress');
  return { ...(add ? { add } : {}), ...(suppress ? { suppress } : {}) };
}

/**
 * The pre token generation trigger: version 1 changes the ID token, versions 2 and 3 both tokens and
 * the access token's scopes.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
export async function preTokenGeneration(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  triggerSource: TokenSource,
  clientMetadata: Record<string, string> = {},
  scopes: string[] = API_SCOPES,
): Promise<TokenCustomization> {
  const version = preTokenGenerationVersion(pool);
  const response = await runTrigger(ctx, pool, 'PreTokenGeneration', {
    version,
    triggerSource,
    userName: user.username,
    clientId: client.ClientId,
    request: {
      userAttributes: eventAttributesOf(user),
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      ...(version === '1' ? {} : { scopes }),
      ...(Object.keys(clientMetadata).length > 0 ? { clientMetadata } : {}),
    },
    response: version === '1' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  });
  if (!response) return {};
  if (version === '1') {
    const details = objectField(response, 'claimsOverrideDetails');
    const groups = details && stringListField(objectField(details, 'groupOverrideDetails') ?? {}, 'groupsToOverride');
    const idToken = claimChanges(details);
    return { ...(idToken ? { idToken } : {}), ...(groups ? { groups } : {}) };
  }
  const details = objectField(response, 'claimsAndScopeOverrideDetails');
  if (!details) return {};
  const idToken = claimChanges(objectField(details, 'idTokenGeneration'));
  const accessDetails = objectField(details, 'accessTokenGeneration');
  const accessToken = accessDetails && {
    ...claimChanges(accessDetails),
    ...{
      scopesToAdd: stringListField(accessDetails, 'scopesToAdd') ?? [],
      scopesToSuppress: stringListField(accessDetails, 'scopesToSuppress') ?? [],
    },
  };
  const groups = stringListField(objectField(details, 'groupOverrideDetails') ?? {}, 'groupsToOverride');
  return { ...(idToken ? { idToken } : {}), ...(accessToken ? { accessToken } : {}), ...(groups ? { groups } : {}) };
}

/**
 * The post authentication trigger runs after authentication and before tokens: its failure fails the
 * sign-in. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
 */
export async function postAuthentication(ctx: Context, done: Authenticated): Promise<void> {
  const { pool, client, user } = done;
  const clientMetadata = done.clientMetadata ?? {};
  await runTrigger(ctx, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: {
      userAttributes: eventAttributesOf(user),
      newDeviceUsed: false,
      ...(Object.keys(clientMetadata).length > 0 ? { clientMetadata } : {}),
    },
  });
}

export async function completeAuthentication(ctx: Context, done: Authenticated) {
  const { pool, client, user, source } = done;
  await postAuthentication(ctx, done);
  const customization = await preTokenGeneration(ctx, pool, client, user, source, done.clientMetadata ?? {});
  return atomic(ctx, () => {
    // The triggers ran outside the transaction: the user may have changed meanwhile.
    const current = findUser(ctx, pool, user.username);
    if (!current) throw notAuthorized(userDoesNotExist().message);
    if (!current.enabled) throw notAuthorized('User is disabled.');
    return startSession(ctx, pool, client, current, customization);
  });
}

/** The answer to a sign-in step: the challenge, or tokens. */
export async function answerOf(ctx: Context, outcome: Outcome): Promise<Record<string, unknown>> {
  if ('challenge' in outcome) {
    const { delivery } = outcome;
    if (delivery) await deliver(ctx, delivery.pool, delivery.user, delivery.message);
    return outcome.challenge;
  }
  return { ChallengeParameters: {}, AuthenticationResult: await completeAuthentication(ctx, outcome.authenticated) };
}
