// What every operation works with: the store, the clock, the signing keys, the outbox and the
// emulator's options.
import type { Outbox } from '../outbox.js';
import type { Clock } from './clock.js';
import type { SigningKeys } from './signing-key.js';
import type { Store } from './store.js';

/** What `auth_time` holds in tokens from a refresh: see docs/local-emulation.md. */
export type AuthTimeAfterRefresh = 'original' | 'refresh';

export interface Context {
  store: Store;
  clock: Clock;
  keys: SigningKeys;
  outbox: Outbox;
  region: string;
  issuerOf: (userPoolId: string) => string;
  authTimeAfterRefresh: AuthTimeAfterRefresh;
}

/** What the HTTP layer knows of a request besides its body. */
export interface RequestInfo {
  /** A SigV4 `Authorization` header was sent (IAM-authorised operations need one). */
  signed: boolean;
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;
export type Operation = (ctx: Context, input: Input) => Output;
