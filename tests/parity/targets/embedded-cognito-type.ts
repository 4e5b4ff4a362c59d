/**
 * An embedded Cognito as the parity suite starts it: on a host and port (0: a free one), answering
 * the Cognito API at `endpoint`, its JWKS at `<endpoint>/<userPoolId>/.well-known/jwks.json` and
 * its outbox at `<endpoint>/_local/codes`.
 */
export interface EmbeddedCognito {
  /** The name the known-differences list uses for it. */
  name: string;
  start: (options: { host: string; port: number; dataDir?: string }) => Promise<{ endpoint: string; stop: () => Promise<void> }>;
}
