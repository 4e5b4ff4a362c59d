// The records the emulator keeps: pools and app clients as the API describes them, and users.
export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export type UserPoolTier = 'LITE' | 'ESSENTIALS' | 'PLUS';

/** A user pool as DescribeUserPool returns it (dates in epoch seconds, as the JSON protocol sends them). */
export interface Pool extends Record<string, unknown> {
  Id: string;
  Name: string;
  Arn: string;
  CreationDate: number;
  LastModifiedDate: number;
  Policies: { PasswordPolicy: PasswordPolicy } & Record<string, unknown>;
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  UserPoolTier: UserPoolTier;
  UsernameAttributes?: string[];
  AliasAttributes?: string[];
  UsernameConfiguration?: { CaseSensitive?: boolean };
  AutoVerifiedAttributes?: string[];
  UserAttributeUpdateSettings?: { AttributesRequireVerificationBeforeUpdate?: string[] };
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  AdminCreateUserConfig?: { AllowAdminCreateUserOnly?: boolean; UnusedAccountValidityDays?: number };
  Domain?: string;
  WebAuthnConfiguration?: { RelyingPartyId?: string; UserVerification?: 'required' | 'preferred' };
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** An app client as DescribeUserPoolClient returns it. */
export interface Client extends Record<string, unknown> {
  ClientId: string;
  ClientName: string;
  UserPoolId: string;
  ClientSecret?: string;
  CreationDate: number;
  LastModifiedDate: number;
  ExplicitAuthFlows: string[];
  PreventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  EnableTokenRevocation: boolean;
  RefreshTokenValidity: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  AuthSessionValidity: number;
  RefreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
}

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface StoredPassword {
  salt: string;
  hash: string;
}

/** A registered passkey (WebAuthn credential). */
export interface Passkey {
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  attachment: string;
  relyingPartyId: string;
  createdAt: number;
}

export interface User {
  /** The internal username: the `sub` in a pool whose users sign in with their email. */
  username: string;
  sub: string;
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  password?: StoredPassword;
  /** The password's SRP salt and verifier (srp.ts). */
  srp?: { salt: string; verifier: string };
  /** When an administrator's temporary password stops working (epoch ms). */
  temporaryPasswordExpiresAt?: number;
  createdAt: number;
  modifiedAt: number;
  /** Attribute changes that wait for their verification code (AttributesRequireVerificationBeforeUpdate). */
  pendingAttributes?: Record<string, string>;
  /** The verified authenticator, and the last time step a code of it was accepted (a code works once). */
  totp?: { secret: string; lastUsedStep: number };
  /** A secret AssociateSoftwareToken gave, waiting for VerifySoftwareToken. */
  pendingTotpSecret?: string;
  softwareTokenMfa?: { enabled: boolean; preferred: boolean };
  passkeys?: Passkey[];
}

const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** A client's token lifetime in seconds; Cognito's defaults are one hour (access, ID) and 30 days (refresh). */
export function lifetimeOf(client: Client, token: 'AccessToken' | 'IdToken' | 'RefreshToken'): number {
  const value =
    token === 'AccessToken' ? client.AccessTokenValidity : token === 'IdToken' ? client.IdTokenValidity : client.RefreshTokenValidity;
  if (!value) return token === 'RefreshToken' ? 30 * 86_400 : 3600;
  return value * SECONDS[client.TokenValidityUnits[token]];
}

export const secondsOf = (ms: number) => Math.floor(ms / 1000);
