// What every operation works with: the store, the clock, the signing keys, the outbox and the
// emulator's options.
import type { Outbox } from '../outbox.js';
import type { Clock } from './clock.js';
import type { SigningKeys } from './signing-key.js';
import { CognitoError } from './errors.js';
import type { Store } from './store.js';
import type { InvokeTrigger } from './triggers.js';

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
  /** The local stack's hook to the functions the pools' Lambda triggers name. */
  invokeTrigger?: InvokeTrigger;
  /** How long Cognito waits for a trigger before it tries again (5 s on AWS). */
  triggerTimeoutMs: number;
  /** Set per request: the caller's SDK, as triggers see it in callerContext. */
  awsSdkVersion: string;
}

/** What the HTTP layer knows of a request besides its body. */
export interface RequestInfo {
  /** A SigV4 `Authorization` header was sent (IAM-authorised operations need one). */
  signed: boolean;
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;
export type Operation = (ctx: Context, input: Input) => Output;
/**
 * An operation that may invoke Lambda triggers. Its changes to the store run in transactions of their
 * own (`atomic`), never across a trigger, so that a trigger may call the emulator back.
 */
export type Flow = (ctx: Context, input: Input) => Promise<Output>;

/** Runs `work` in one transaction; Cognito's refusals commit (a failed attempt still counts), anything else rolls back. */
export const atomic = <T>(ctx: Context, work: () => T): T => ctx.store.transaction(work, (error) => error instanceof CognitoError);

/** A synchronous operation as a flow: all of it in one transaction. */
export const inOneTransaction =
  (operation: Operation): Flow =>
  (ctx, input) =>
    Promise.resolve(atomic(ctx, () => operation(ctx, input)));
