import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];

/**
 * What the layer's AWS SDK clients get as their default credential provider: the build
 * (scripts/lib/layer-plugins.ts) puts this module in place of `@aws-sdk/credential-provider-node`.
 *
 * Lambda gives a function its role's credentials in environment variables (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and the SDK's default chain takes them from there, its
 * first link. The other links (SSO, shared ini files, credential_process, web identity, container
 * and instance metadata) never run on Lambda, but their code, the STS/SSO/sign-in clients they
 * bring and the AWS query/XML protocols those clients use were loaded or compiled on every cold
 * start. `npm start` and `sam local invoke` also give the functions credentials in the environment.
 * Without them this says so instead of trying providers that are not in the layer.
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
