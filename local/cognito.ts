// The embedded Cognito: cognito-local's API server in this process, with its codes going to the
// local outbox, the corrections of cognito-fidelity.ts in front of its router, and the hosted
// domain's /oauth2/token for machine clients (oauth2-token.ts).
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createServer } from 'cognito-local/lib/server/server.js';
import { Router } from 'cognito-local/lib/server/Router.js';
import { DefaultConfig, type Config } from 'cognito-local/lib/server/config.js';
import { DateClock } from 'cognito-local/lib/services/clock.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService.js';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore.js';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory.js';
import type { Messages } from 'cognito-local/lib/services/messages.js';
import type { Triggers } from 'cognito-local/lib/services/triggers/triggers.js';
import { coalesceWrites, type FileEngine } from './coalesce-writes.js';
import { createFidelityRouter } from './cognito-fidelity.js';
import { TOKEN_PATH, tokenEndpoint } from './oauth2-token.js';
import { CODES_PATH, Outbox } from './outbox.js';
import { CognitoTokenGenerator } from './tokens.js';

export interface EmbeddedCognito {
  endpoint: string;
  /** The `iss` of the tokens of a pool, as the emulator signs them. */
  issuerOf: (userPoolId: string) => string;
  jwksUriOf: (userPoolId: string) => string;
  outbox: Outbox;
  stop: () => Promise<void>;
}

// Lambda triggers are not part of this template; cognito-local asks `enabled` before using any.
const notConfigured = () => Promise.reject(new Error('Cognito Lambda triggers are not emulated locally'));
const noTriggers: Triggers = {
  enabled: () => false,
  customMessage: notConfigured,
  customEmailSender: notConfigured,
  postAuthentication: notConfigured,
  postConfirmation: notConfigured,
  preSignUp: notConfigured,
  preTokenGeneration: notConfigured,
  userMigration: notConfigured,
};

/**
 * cognito-local's stormdb stores, each pool in a JSON file it rewrites on every change. With
 * `keepData` the writes are coalesced; without it nothing outlives the process, so the pools stay in
 * memory and are never written: the file of a pool grows with every refresh token its users are
 * issued, and rewriting it was a large part of a sign-in's cost.
 */
class LocalDataStoreFactory implements DataStoreFactory {
  constructor(
    private readonly base: StormDBDataStoreFactory,
    private readonly keepData: boolean,
  ) {}

  async create(ctx: Context, id: string, defaults: object): Promise<DataStore> {
    const store = await this.base.create(ctx, id, defaults);
    const { engine } = (store as unknown as { db: { engine: FileEngine } }).db;
    if (this.keepData) coalesceWrites(engine);
    else engine.write = () => null;
    return store;
  }
}

/** Codes go to the outbox instead of a boxed console message. */
const outboxMessages = (outbox: Outbox): Messages => ({
  deliver: async (_ctx, source, _clientId, userPoolId, user, code, _metadata, details) =>
    outbox.add({ destination: details.Destination, source, code, userPoolId, username: user.Username, sentAt: new Date().toISOString() }),
});

export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startEmbeddedCognito(options: {
  host: string;
  port: number;
  dataDir: string;
  /** false: the pools live in memory only (their files in `dataDir` stay empty). */
  keepData: boolean;
  printCode?: (line: string) => void;
}): Promise<EmbeddedCognito> {
  // cognito-local logs every 4xx it answers as a warning; the handlers' own logs say enough.
  const logger = pino({ level: 'error' });
  const ctx = { logger };
  const server = createHttpServer();
  const port = await listen(server, options.host, options.port);
  const endpoint = `http://${options.host}:${port}`;
  const outbox = new Outbox(options.printCode);

  const config: Config = {
    ...DefaultConfig,
    ServerConfig: { port, hostname: options.host, development: false, https: false },
  };
  const issuerOf = (userPoolId: string) => `${endpoint}/${userPoolId}`;
  const clock = new DateClock();
  const dataStoreFactory = new LocalDataStoreFactory(new StormDBDataStoreFactory(options.dataDir), options.keepData);
  const cognito = await new CognitoServiceFactoryImpl(
    options.dataDir,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  const services: Services = {
    clock,
    cognito,
    config,
    messages: outboxMessages(outbox),
    otp,
    tokenGenerator: new CognitoTokenGenerator(clock, issuerOf),
    triggers: noTriggers,
  };
  const router = createFidelityRouter(services, Router(services), issuerOf);
  const app = createServer(router, logger, config.ServerConfig, services).application as (req: unknown, res: unknown) => void;
  const token = tokenEndpoint(ctx, services, issuerOf);
  server.on('request', (request, response) => {
    const path = request.url?.split('?')[0];
    if (path === TOKEN_PATH) token(request, response);
    else if (request.url?.startsWith(CODES_PATH)) outbox.handle(request, response);
    else app(request, response);
  });

  return {
    endpoint,
    issuerOf,
    jwksUriOf: (userPoolId) => `${issuerOf(userPoolId)}/.well-known/jwks.json`,
    outbox,
    stop: () => close(server),
  };
}
