import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];

/**
 * The layer's AWS SDK default credential provider: the build (scripts/lib/layer-plugins.ts) puts this
 * module in place of `@aws-sdk/credential-provider-node`, the SDK's default chain.
 *
 * Lambda hands a function its role's credentials in environment variables, the chain's first link
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime);
 * the other links never run there but cost every cold start (docs/performance.md). `npm start` and
 * `sam local invoke` set the same variables; without them this says so.
 */
export const defaultProvider = (init: Init = {}) => {
  const fromEnvironment = fromEnv(init);
  return async () => {
    try {
      return await fromEnvironment();
    } catch (error) {
      throw new Error(
        "No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). This layer reads credentials from the environment only, as Lambda provides them: the SDK default chain's other providers (SSO, ini files, process, web identity, instance metadata) are left out at build time (scripts/lib/layer-plugins.ts).",
        { cause: error },
      );
    }
  };
};

/** As in `@aws-sdk/credential-provider-node`: credentials with an expiration are refreshed. */
export const credentialsWillNeedRefresh = (credentials?: { expiration?: Date }): boolean => credentials?.expiration !== undefined;

/** As in `@aws-sdk/credential-provider-node`: within 5 minutes of their expiration, credentials count as expired. */
export const credentialsTreatedAsExpired = (credentials?: { expiration?: Date }): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
