import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';
import { ApiProblemError } from './problem.js';
import type { Fetch } from './retry.js';
import type { StoredTokens, TokenStore } from './token-store.js';

type Schemas = components['schemas'];
export type Tokens = Schemas['Tokens'];
export type Profile = Schemas['Profile'];
export type Message = Schemas['Message'];
export type MessagePage = Schemas['MessagePage'];
export type SendMessageRequest = Schemas['SendMessageRequest'];
export type UpdateMeRequest = Schemas['UpdateMeRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type TotpSetup = Schemas['TotpSetup'];
export type VerifyTotpRequest = Schemas['VerifyTotpRequest'];
export type MfaEnabled = Schemas['MfaEnabled'];
export type Passkey = Schemas['Passkey'];
export type PasskeyCreationOptions = Schemas['PasskeyCreationOptions'];
/** What `navigator.credentials.create()` returned, as JSON (`PublicKeyCredential.toJSON()`). */
export type PublicKeyCredentialJson = Schemas['PublicKeyCredential'] & Record<string, unknown>;
export type ListMessagesQuery = NonNullable<paths['/messages']['get']['parameters']['query']>;

export interface SessionContext {
  baseUrl: string;
  /** Sends a request (retrying 429/503 as configured) and answers whatever the API answered. */
  send: Fetch;
  /** The public routes' client (it throws ApiProblemError on an error answer): the session refreshes through it. */
  publicApi: Client<paths>;
  store: TokenStore;
  refreshBeforeExpiryMs: number;
  now: () => number;
  onEnded?: (reason: ApiProblemError) => void;
}

/** The gateway's 401 for an expired token (API Gateway's JWT authorizer says so in `www-authenticate`). */
const tokenExpired = (response: Response) =>
  response.status === 401 &&
  !(response.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  /error_description="[^"]*expired/i.test(response.headers.get('www-authenticate') ?? '');

const ended = (detail: string) => new ApiProblemError({ status: 401, code: 'SessionEnded', title: 'Session ended', detail });

export function storedTokens(tokens: Tokens, now: number, previousRefreshToken?: string): StoredTokens {
  const refreshToken = tokens.refreshToken ?? previousRefreshToken;
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    expiresAt: now + tokens.expiresIn * 1000,
  };
}

/** A UUID v4: `crypto.randomUUID` exists in secure contexts only (https, localhost), `getRandomValues` everywhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((byte, index) =>
    (index === 6 ? (byte & 0x0f) | 0x40 : index === 8 ? (byte & 0x3f) | 0x80 : byte).toString(16).padStart(2, '0'),
  );
  return [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10)].map((part) => part.join('')).join('-');
}

function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new Error('the API answered without a body');
  return result.data;
}

/**
 * A signed-in user. Calls carry the access token, refreshed shortly before it expires: one refresh at a time however
 * many calls wait for it, keeping the refresh token each refresh returns (rotation, contract v2). A 401 problem
 * (`SessionEnded`, `RecentSignInRequired`) is never answered with a refresh; only an expired access token is.
 */
export class Session {
  /** The typed client of every route, with this session's token; an error answer throws ApiProblemError. */
  readonly api: Client<paths>;
  private tokens: StoredTokens | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    tokens: StoredTokens,
    private readonly context: SessionContext,
  ) {
    this.tokens = tokens;
    this.api = createClient<paths>({ baseUrl: context.baseUrl, fetch: (request) => this.authorizedFetch(request) });
  }

  /** False once the session has ended (signed out, refused as ended, or its refresh token refused). */
  get active(): boolean {
    return this.tokens !== undefined;
  }

  /** The current tokens (they change at each refresh). */
  get currentTokens(): Readonly<StoredTokens> | undefined {
    return this.tokens;
  }

  /** New tokens from the refresh token; concurrent calls share one request. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async me(): Promise<Profile> {
    return dataOf(await this.api.GET('/me'));
  }

  async updateMe(changes: UpdateMeRequest): Promise<Profile> {
    return dataOf(await this.api.PATCH('/me', { body: changes }));
  }

  /** Completes an email change (`updateMe({ email })`) with the code emailed to the new address. */
  async verifyEmail(code: string): Promise<Profile> {
    return dataOf(await this.api.POST('/me/verify-email', { body: { code } }));
  }

  /** Changes the password. The API then ends every session of the account, this one too: sign in again. */
  async changePassword(request: ChangePasswordRequest): Promise<void> {
    await this.api.POST('/me/password', { body: request });
    await this.end(ended('Your password has changed: sign in again with the new one.'));
  }

  /** Starts authenticator-app set-up: the secret, and the `otpauth://` URI for a QR code. Needs a recent sign-in. */
  async setUpTotp(): Promise<TotpSetup> {
    return dataOf(await this.api.POST('/me/mfa/totp'));
  }

  /** Verifies the authenticator's first code, which turns TOTP MFA on: later sign-ins ask for a code. */
  async verifyTotp(request: VerifyTotpRequest): Promise<MfaEnabled> {
    return dataOf(await this.api.POST('/me/mfa/totp/verify', { body: request }));
  }

  /** Turns TOTP MFA off. Needs a recent sign-in. */
  async disableMfa(): Promise<void> {
    await this.api.DELETE('/me/mfa');
  }

  /** The account's passkeys, oldest first, with the authenticator's name when Cognito knows it. */
  async listPasskeys(): Promise<Passkey[]> {
    return dataOf(await this.api.GET('/me/passkeys')).items;
  }

  /**
   * Starts a passkey's registration: the options for `navigator.credentials.create()` (`addPasskey` of
   * `@authapi/client/webauthn` makes the browser call). Needs a recent sign-in.
   */
  async startPasskeyRegistration(): Promise<PasskeyCreationOptions['options']> {
    return dataOf(await this.api.POST('/me/passkeys/options')).options;
  }

  /** Registers the credential the browser created for `startPasskeyRegistration`'s options. Needs a recent sign-in. */
  async registerPasskey(credential: PublicKeyCredentialJson): Promise<Passkey> {
    return dataOf(await this.api.POST('/me/passkeys', { body: { credential } }));
  }

  /** Removes a passkey (by its `id`): it no longer signs in. Needs a recent sign-in. */
  async deletePasskey(id: string): Promise<void> {
    await this.api.DELETE('/me/passkeys/{id}', { params: { path: { id } } });
  }

  /** Deletes the account and its messages (docs/erasure.md); the session ends. Needs a recent sign-in. */
  async deleteAccount(): Promise<void> {
    await this.api.DELETE('/me');
    await this.end(ended('This account has been deleted.'));
  }

  /** Sends with an `Idempotency-Key` (a new one unless given), so that a retry never sends twice. */
  async sendMessage(message: SendMessageRequest, options: { idempotencyKey?: string } = {}): Promise<Message> {
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    return dataOf(await this.api.POST('/messages', { body: message, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
  }

  async listMessages(query: ListMessagesQuery = {}): Promise<MessagePage> {
    return dataOf(await this.api.GET('/messages', { params: { query } }));
  }

  async getMessage(id: string): Promise<Message> {
    return dataOf(await this.api.GET('/messages/{id}', { params: { path: { id } } }));
  }

  async markRead(id: string, read = true): Promise<Message> {
    return dataOf(await this.api.PATCH('/messages/{id}', { params: { path: { id } }, body: { read } }));
  }

  async deleteMessage(id: string): Promise<void> {
    await this.api.DELETE('/messages/{id}', { params: { path: { id } } });
  }

  /** Signs out everywhere (and revokes this refresh token); the session ends here even if the API call fails. */
  async signOut(): Promise<void> {
    try {
      // A refresh due now happens first, so that the refresh token revoked is the current one (rotation).
      await this.freshen();
      const refreshToken = this.tokens?.refreshToken;
      await this.api.POST('/auth/sign-out', { body: refreshToken !== undefined ? { refreshToken } : {} });
    } catch (error) {
      if (!(error instanceof ApiProblemError && error.status === 401)) throw error;
    } finally {
      await this.end(ended('Signed out.'));
    }
  }

  private async authorizedFetch(request: Request): Promise<Response> {
    await this.freshen();
    const sent = this.tokens;
    let response = await this.sendWith(request, sent);
    if (tokenExpired(response) && sent?.refreshToken !== undefined) {
      // Expired by the gateway's clock although not by ours: one refresh (unless another call did it), one retry.
      if (this.tokens === sent) await this.refresh();
      response = await this.sendWith(request, this.tokens);
    }
    if (response.ok) return response;
    const problem = await ApiProblemError.from(response);
    if (problem.code === 'SessionEnded') await this.end(problem);
    throw problem;
  }

  private sendWith(request: Request, tokens: StoredTokens | undefined): Promise<Response> {
    if (!tokens) throw ended('This session has ended: sign in again.');
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${tokens.accessToken}`);
    return this.context.send(new Request(request.clone(), { headers }));
  }

  private async freshen(): Promise<void> {
    const tokens = this.tokens;
    if (tokens?.refreshToken === undefined || this.context.now() < tokens.expiresAt - this.context.refreshBeforeExpiryMs) return;
    try {
      await this.refresh();
    } catch (error) {
      // An early refresh that failed (a 503, the network) leaves a token that still works until it expires.
      if (this.tokens !== tokens || this.context.now() >= tokens.expiresAt) throw error;
    }
  }

  private async refreshOnce(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken === undefined) throw ended('This session has no refresh token: sign in again.');
    try {
      const tokens = dataOf(await this.context.publicApi.POST('/auth/refresh', { body: { refreshToken } }));
      if (!('accessToken' in tokens)) throw new Error('the API answered a refresh with a challenge');
      // Signed out while the refresh was on its way: the new tokens must not bring the session back.
      if (this.tokens === undefined) return;
      this.tokens = storedTokens(tokens, this.context.now(), refreshToken);
      await this.context.store.save(this.tokens);
    } catch (error) {
      // A refused refresh token (expired, revoked, rotated away) ends the session: nothing else would revive it.
      if (error instanceof ApiProblemError && error.status === 401) await this.end(error);
      throw error;
    }
  }

  private async end(reason: ApiProblemError): Promise<void> {
    if (this.tokens === undefined) return;
    this.tokens = undefined;
    await this.context.store.save(undefined);
    this.context.onEnded?.(reason);
  }
}
