/** Reads the Cognito settings the template puts into every function's environment. */
export interface CognitoConfig {
  userPoolId: string;
  clientId: string;
  /** Set only when the template's ClientSecret parameter is "true". */
  clientSecret?: string;
}

export function cognitoConfig(env: NodeJS.ProcessEnv = process.env): CognitoConfig {
  const clientId = env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set');
  return {
    userPoolId: env.USER_POOL_ID ?? '',
    clientId,
    clientSecret: env.USER_POOL_CLIENT_SECRET || undefined,
  };
}
