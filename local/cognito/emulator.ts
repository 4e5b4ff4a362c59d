// The project's own Cognito user-pool emulator: the API on AWS JSON 1.1, the pools' JWKS, the hosted
// domain's OAuth endpoints (authorize with a sign-in page, token, userInfo, logout) and the local
// outbox, on one port.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { close, listen } from '../listen.js';
import { CODES_PATH, Outbox } from '../outbox.js';
import { purgeAttempts } from './attempts.js';
import { purgeChallenges } from './challenges.js';
import { systemClock, type Clock } from './clock.js';
import { purgeCodes } from './codes.js';
import type { AuthTimeAfterRefresh, Context } from './context.js';
import { handleManagedLogin, MANAGED_LOGIN_PATHS } from './managed-login.js';
import { handleTokenRequest, TOKEN_PATH } from './oauth2-token.js';
import { handleApiCall } from './protocol.js';
import { purgeSessions } from './sessions.js';
import { loadSigningKeys, type SigningKeys } from './signing-key.js';
import { Store } from './store.js';
import type { InvokeTrigger } from './triggers.js';

export interface CognitoEmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where state and the signing keys are kept; without it nothing outlives the process. */
  dataDir?: string;
  /** A PEM file for the signing keys (access tokens' first): read if it exists, written otherwise (default: in `dataDir`). */
  signingKeyFile?: string;
  clock?: Clock;
  region?: string;
  /** `auth_time` of tokens from a refresh: the sign-in's (default) or the refresh's. */
  authTimeAfterRefresh?: AuthTimeAfterRefresh;
  /** Where the outbox prints each code (default: stdout). */
  printCode?: (line: string) => void;
  /** How often expired sessions, codes and counters are dropped (default: every minute). */
  purgeIntervalMs?: number;
  /** Invokes the function a pool's Lambda trigger names (the local stack maps the template's ARNs to its functions). */
  invokeTrigger?: InvokeTrigger;
  /** How long to wait for a trigger before trying again, up to 3 times (default 5 s, as Cognito). */
  triggerTimeoutMs?: number;
}

export interface CognitoEmulator {
  endpoint: string;
  /** The `iss` of a pool's tokens. */
  issuerOf: (userPoolId: string) => string;
  jwksUriOf: (userPoolId: string) => string;
  outbox: Outbox;
  signingKeys: SigningKeys;
  /** Drops expired sessions, codes, challenges and attempt counts, and compacts the file. */
  purge: () => void;
  stop: () => Promise<void>;
}

export const STATE_FILE = 'cognito.sqlite';
export const SIGNING_KEY_FILE = 'signing-key.pem';

const JWKS_PATH = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/jwks\.json$/;

export async function startCognitoEmulator(options: CognitoEmulatorOptions = {}): Promise<CognitoEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const store = new Store(options.dataDir ? join(options.dataDir, STATE_FILE) : undefined);
  const keys = loadSigningKeys(options.signingKeyFile ?? (options.dataDir ? join(options.dataDir, SIGNING_KEY_FILE) : undefined));
  const server = createServer();
  let port: number;
  try {
    port = await listen(server, host, options.port ?? 0);
  } catch (error) {
    store.close();
    throw error;
  }
  const endpoint = `http://${host}:${port}`;
  const issuerOf = (userPoolId: string) => `${endpoint}/${userPoolId}`;
  const outbox = new Outbox(options.printCode);
  const ctx: Context = {
    store,
    clock: options.clock ?? systemClock,
    keys,
    outbox,
    region: options.region ?? 'us-east-1',
    issuerOf,
    authTimeAfterRefresh: options.authTimeAfterRefresh ?? 'original',
    ...(options.invokeTrigger ? { invokeTrigger: options.invokeTrigger } : {}),
    triggerTimeoutMs: options.triggerTimeoutMs ?? 5000,
    awsSdkVersion: 'aws-sdk-unknown-unknown',
  };

  const purge = () =>
    store.transaction(() => {
      purgeSessions(ctx);
      purgeCodes(ctx);
      purgeChallenges(ctx);
      purgeAttempts(ctx);
    });
  purge();
  store.compact();
  const timer = setInterval(() => {
    purge();
    store.compact();
  }, options.purgeIntervalMs ?? 60_000);
  timer.unref();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'POST' && path === '/') void handleApiCall(ctx, request, response);
    else if (path === TOKEN_PATH) handleTokenRequest(ctx, request, response);
    else if (MANAGED_LOGIN_PATHS.has(path)) handleManagedLogin(ctx, request, response, path);
    else if (path.startsWith(CODES_PATH)) outbox.handle(request, response);
    else if (
      request.method === 'GET' &&
      JWKS_PATH.test(path) &&
      store.get('SELECT id FROM pools WHERE id = ?', JWKS_PATH.exec(path)?.[1] ?? '')
    )
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [keys.access.jwk, keys.id.jwk] }));
    else response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
  });

  return {
    endpoint,
    issuerOf,
    jwksUriOf: (userPoolId) => `${issuerOf(userPoolId)}/.well-known/jwks.json`,
    outbox,
    signingKeys: keys,
    purge: () => {
      purge();
      store.compact();
    },
    stop: async () => {
      clearInterval(timer);
      await close(server);
      store.close();
    },
  };
}
