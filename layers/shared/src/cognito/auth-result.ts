import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { unavailable } from '../http/aws-errors.js';

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface Challenge {
  challenge: string;
  session: string;
  parameters: Record<string, string>;
}

interface AuthResponse {
  AuthenticationResult?: AuthenticationResultType;
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

/** InitiateAuth / RespondToAuthChallenge output -> the contract's tokens or challenge body. */
export function tokensOrChallenge(response: AuthResponse): Tokens | Challenge {
  const result = response.AuthenticationResult;
  if (result?.AccessToken && result.IdToken) {
    return {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      expiresIn: result.ExpiresIn ?? 3600,
      tokenType: 'Bearer',
    };
  }
  if (response.ChallengeName && response.Session) {
    return { challenge: response.ChallengeName, session: response.Session, parameters: response.ChallengeParameters ?? {} };
  }
  // Neither tokens nor a challenge: Cognito answered outside its documented contract.
  throw unavailable;
}
