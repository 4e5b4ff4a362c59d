// What the parity suite needs from a Cognito it runs against: an AWS SDK client for it, the issuer
// and keys of its tokens, and the codes it "emails" (where it can tell them).
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Jwks } from 'aws-jwt-verify/jwk';

/** A target answered that it has no such operation, or cannot supply what a case needs. */
export class TargetLacks extends Error {
  override name = 'TargetLacks';
}

/** sign-up: SignUp and ResendConfirmationCode; reset: ForgotPassword; attribute: an attribute change's verification. */
export type CodePurpose = 'sign-up' | 'reset' | 'attribute';

export interface RunningTarget {
  /** The name the known-differences list uses: `moto`, `emulator`. */
  name: string;
  endpoint: string;
  /** The `iss` of the tokens of a pool. */
  issuerOf: (userPoolId: string) => string;
  /** The pool's JSON Web Key Set, as its JWKS URI serves it. */
  jwksOf: (userPoolId: string) => Promise<Jwks>;
  /** An SDK client for the target (no retries: a case sees every answer as it is). */
  client: () => CognitoIdentityProviderClient;
  /**
   * Every code of one purpose the target "sent" to an address, oldest first. Throws TargetLacks
   * where the target keeps no record of such codes.
   */
  codesFor: (email: string, purpose: CodePurpose) => Promise<string[]>;
  stop: () => Promise<void>;
}

export interface ParityTarget {
  name: string;
  start: () => Promise<RunningTarget>;
}
