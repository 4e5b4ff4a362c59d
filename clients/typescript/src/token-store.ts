/** What a session keeps: the tokens of its last sign-in or refresh, and when the access token expires. */
export interface StoredTokens {
  accessToken: string;
  idToken: string;
  /** Absent when the API did not give one; the session then ends when the access token expires. */
  refreshToken?: string;
  /** When the access and ID tokens expire, in milliseconds since the epoch (client clock). */
  expiresAt: number;
}

/**
 * Where a session keeps its tokens. The default keeps them in memory only: `localStorage`, `sessionStorage` and
 * IndexedDB are readable by any script injected into the page. A store may be asynchronous.
 */
export interface TokenStore {
  load(): StoredTokens | undefined | Promise<StoredTokens | undefined>;
  /** `undefined` when the session ends. */
  save(tokens: StoredTokens | undefined): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private tokens: StoredTokens | undefined;

  load(): StoredTokens | undefined {
    return this.tokens;
  }

  save(tokens: StoredTokens | undefined): void {
    this.tokens = tokens;
  }
}
