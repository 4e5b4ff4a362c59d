import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';
import { ApiProblemError } from './problem.js';
import { defaultRetry, retrying, type Fetch, type RetryOptions } from './retry.js';
import { Session, storedTokens, type SessionContext } from './session.js';
import { MemoryTokenStore, type TokenStore } from './token-store.js';

type Schemas = components['schemas'];
export type SignUpRequest = Schemas['SignUpRequest'];
export type SignUpResult = Schemas['SignUpResult'];
export type SignInRequest = Schemas['SignInRequest'];
export type CodeDeliveryResult = Schemas['CodeDeliveryResult'];
type ChallengeBody = Exclude<Schemas['TokensOrChallenge'], Schemas['Tokens']>;
export type ChallengeName = ChallengeBody['challenge'];
/** The `parameters` of challenge `N` as openapi.yaml describes them. */
type ParametersOf<N extends ChallengeName> = ChallengeBody extends infer B
  ? B extends { challenge: infer C; parameters: infer P }
    ? N extends C
      ? P
      : never
    : never
  : never;

/**
 * A challenge to answer before sign-in completes (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, MFA_SETUP), one type per
 * `name` so that a `switch (challenge.name)` types the answer.
 */
export type PendingChallenge = {
  [N in ChallengeName]: {
    name: N;
    email: string;
    /**
     * Cognito's challenge parameters; for MFA_SETUP answered without a code, `secretCode` and `otpauthUri`; for the
     * passwordless challenges, `available`, `codeDelivery` or the WebAuthn `options` (docs/passwordless.md).
     */
    parameters: ParametersOf<N>;
    session: string;
  };
}[ChallengeName];

/** What each challenge is answered with. MFA_SETUP: first without `code` (to get the secret), then with the first code. */
export interface ChallengeAnswers {
  NEW_PASSWORD_REQUIRED: { newPassword: string };
  SOFTWARE_TOKEN_MFA: { code: string };
  MFA_SETUP: { code?: string };
  SELECT_CHALLENGE: { answer: 'PASSWORD' | 'EMAIL_OTP' | 'WEB_AUTHN'; password?: string };
  EMAIL_OTP: { code: string };
  WEB_AUTHN: { credential: { id: string } & Record<string, unknown> };
}
export type ChallengeAnswer<N extends ChallengeName> = N extends keyof ChallengeAnswers ? ChallengeAnswers[N] : Record<string, string>;

/** Signed in, or one more challenge to answer. */
export type SignInResult = { session: Session; challenge?: undefined } | { challenge: PendingChallenge; session?: undefined };

export interface AuthApiClientOptions {
  /** The API's URL: the stack's `ApiUrl` output, or the local stack's (`npm start` prints it). */
  baseUrl: string;
  /** Defaults to the global fetch (browsers, Node 22+). */
  fetch?: Fetch;
  /** Where sessions keep their tokens; in memory by default. */
  tokenStore?: TokenStore;
  /** Retries of 429 and 503 answers; default 2 retries, waiting at most 10 s each. `{ retries: 0 }` turns them off. */
  retry?: Partial<RetryOptions>;
  /** How long before the access token expires a session refreshes it; default 60 s. */
  refreshBeforeExpirySeconds?: number;
  /** Called once when a session ends (signed out, refused as ended, or its refresh token refused). */
  onSessionEnded?: (reason: ApiProblemError) => void;
}

function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new Error('the API answered without a body');
  return result.data;
}

/** The API's public routes, and the sessions they start. */
export class AuthApiClient {
  /** The typed client of the public routes; an error answer throws ApiProblemError. */
  readonly api: Client<paths>;
  private readonly context: SessionContext;

  constructor(options: AuthApiClientOptions) {
    const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const send = retrying(baseFetch, { ...defaultRetry, ...options.retry });
    const throwing: Fetch = async (request) => {
      const response = await send(request);
      if (!response.ok) throw await ApiProblemError.from(response);
      return response;
    };
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.api = createClient<paths>({ baseUrl, fetch: throwing });
    this.context = {
      baseUrl,
      send,
      publicApi: this.api,
      store: options.tokenStore ?? new MemoryTokenStore(),
      refreshBeforeExpiryMs: (options.refreshBeforeExpirySeconds ?? 60) * 1000,
      now: () => Date.now(),
      ...(options.onSessionEnded ? { onEnded: options.onSessionEnded } : {}),
    };
  }

  /** Registers; the email gets a code for `confirmSignUp`. */
  async signUp(request: SignUpRequest): Promise<SignUpResult> {
    return dataOf(await this.api.POST('/auth/sign-up', { body: request }));
  }

  async confirmSignUp(request: { email: string; code: string }): Promise<void> {
    await this.api.POST('/auth/confirm-sign-up', { body: request });
  }

  async resendCode(email: string): Promise<CodeDeliveryResult> {
    return dataOf(await this.api.POST('/auth/resend-code', { body: { email } }));
  }

  async signIn(request: SignInRequest): Promise<SignInResult> {
    return this.started(request.email, dataOf(await this.api.POST('/auth/sign-in', { body: request })));
  }

  /** Answers the challenge that `signIn` (or the previous answer) returned. */
  async answerChallenge<C extends PendingChallenge>(challenge: C, answer: ChallengeAnswer<C['name']>): Promise<SignInResult> {
    const { email, name, session } = challenge;
    // The body is one of openapi.yaml's ChallengeAnswer shapes: ChallengeAnswers pairs each name with its fields.
    const body = { email, challenge: name, session, ...answer } as Schemas['ChallengeAnswer'];
    return this.started(email, dataOf(await this.api.POST('/auth/challenge', { body })));
  }

  async forgotPassword(email: string): Promise<CodeDeliveryResult> {
    return dataOf(await this.api.POST('/auth/forgot-password', { body: { email } }));
  }

  async confirmForgotPassword(request: { email: string; code: string; newPassword: string }): Promise<void> {
    await this.api.POST('/auth/confirm-forgot-password', { body: request });
  }

  /** The session whose tokens the token store holds, if any (a store that persists them survives a reload). */
  async restoreSession(): Promise<Session | undefined> {
    const tokens = await this.context.store.load();
    return tokens ? new Session(tokens, this.context) : undefined;
  }

  private async started(email: string, answer: Schemas['TokensOrChallenge']): Promise<SignInResult> {
    if ('challenge' in answer) {
      // One of openapi.yaml's challenges: its name and parameters go together.
      const challenge = { name: answer.challenge, email, parameters: answer.parameters, session: answer.session } as PendingChallenge;
      return { challenge };
    }
    const tokens = storedTokens(answer, this.context.now());
    await this.context.store.save(tokens);
    return { session: new Session(tokens, this.context) };
  }
}
