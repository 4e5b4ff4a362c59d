// cognito-local answers most of the Cognito API, but not always as Cognito does. The handlers are
// written against real Cognito, so the local stack corrects the differences they meet here, in
// front of cognito-local's router, rather than in the product code. Each correction names the AWS
// behaviour it restores.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { Jwk } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { decodeJwt } from 'jose';
import { CognitoError } from 'cognito-local/lib/errors.js';
import type { Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import type { AppClient } from 'cognito-local/lib/services/appClient.js';
import { lifetimeOf } from './tokens.js';

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;
// cognito-local's own Route answers `any`; its routes are used through this typed view.
type Route = (ctx: Context, req: Request) => Promise<Response>;
type Target = (ctx: Context, req: Request, next: Route) => Promise<Response>;

const fail = (code: string, message: string) => new CognitoError(code, message);
const incorrectCredentials = () => fail('NotAuthorizedException', 'Incorrect username or password.');
const invalidSession = () => fail('NotAuthorizedException', 'Invalid session for the user, session is expired.');
const text = (req: Request, key: string): string => (typeof req[key] === 'string' ? req[key] : '');
const record = (req: Request, key: string): Record<string, string> => (req[key] ?? {}) as Record<string, string>;

// Tokens of the embedded Cognito, checked against its one key (the issuer is checked per pool below).
// The key is given here and verifySync never fetches: the URI only names it in the verifier's cache.
const signedByCognitoLocal = JwtRsaVerifier.create({ issuer: null, audience: null, jwksUri: 'cognito-local:jwks' });
signedByCognitoLocal.cacheJwks({
  keys: [(createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.public.json') as { jwk: Jwk }).jwk],
});

/** User records carry when their tokens were last revoked (a `...Date` field: stormdb stores it as a date). */
type StoredUser = User & { TokensRevokedDate?: Date };

/** Cognito masks delivery destinations: jane@example.com -> j***@e***. */
export function maskedDestination(destination: string): string {
  const [local = '', domain = ''] = destination.split('@');
  return domain ? `${local.slice(0, 1)}***@${domain.slice(0, 1)}***` : `+*******${destination.slice(-4)}`;
}

interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

/** The pool's password policy, as Cognito enforces it (cognito-local does not). */
export function passwordPolicyViolation(policy: PasswordPolicy, password: string): string | undefined {
  if (password.length < (policy.MinimumLength ?? 8)) return 'Password not long enough';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password)) return 'Password must have symbol characters';
  return undefined;
}

export function createFidelityRouter(services: Services, base: Router, issuerOf: (userPoolId: string) => string): Router {
  // Challenge sessions Cognito handed out: single use, for one user, three minutes.
  const sessions = new Map<string, { username: string; expires: number }>();
  // When each access token was issued, to the millisecond (its `iat` has only seconds).
  const issuedAt = new Map<string, number>();

  const generate = services.tokenGenerator.generate.bind(services.tokenGenerator);
  services.tokenGenerator.generate = async (...args) => {
    const tokens = await generate(...args);
    const { jti } = decodeJwt(tokens.AccessToken);
    if (jti) issuedAt.set(jti, Date.now());
    return tokens;
  };

  const poolOfClient = (ctx: Context, clientId: string) => services.cognito.getUserPoolForClientId(ctx, clientId);
  const clientOf = async (ctx: Context, clientId: string): Promise<AppClient> => {
    const client = await services.cognito.getAppClient(ctx, clientId);
    if (!client) throw fail('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    return client;
  };
  const preventsUserExistenceErrors = async (ctx: Context, clientId: string) =>
    (await clientOf(ctx, clientId)).PreventUserExistenceErrors === 'ENABLED';

  /**
   * In a pool whose users sign in with their email, an email belongs to one user: Cognito refuses to
   * give another user's email to a user, on the change and again on its verification
   * (AliasExistsException). Emails compare without case, as sign-in does.
   */
  const checkEmailFree = async (ctx: Context, pool: UserPoolService, user: User, email: string | undefined) => {
    if (!email || !(pool.options.UsernameAttributes ?? []).includes('email')) return;
    const owner = (await pool.listUsers(ctx)).find(
      (other) =>
        other.Username !== user.Username &&
        other.Attributes.some((a) => a.Name === 'email' && a.Value?.toLowerCase() === email.toLowerCase()),
    );
    if (owner) throw fail('AliasExistsException', 'An account with the given email already exists.');
  };
  const emailIn = (attributes: unknown): string | undefined =>
    Array.isArray(attributes) ? (attributes as { Name?: string; Value?: string }[]).find((a) => a.Name === 'email')?.Value : undefined;

  const checkPassword = (pool: UserPoolService, password: string) => {
    const violation = passwordPolicyViolation(pool.options.Policies?.PasswordPolicy ?? {}, password);
    if (violation) throw fail('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
  };

  /** The user an access token belongs to, after the checks Cognito makes (signature, expiry, revocation). */
  async function userOfAccessToken(ctx: Context, token: string): Promise<{ pool: UserPoolService; user: StoredUser }> {
    let claims: JwtPayload;
    try {
      claims = signedByCognitoLocal.verifySync(token);
    } catch (error) {
      throw fail('NotAuthorizedException', error instanceof JwtExpiredError ? 'Access Token has expired' : 'Invalid Access Token');
    }
    if (claims.token_use !== 'access' || typeof claims.client_id !== 'string') throw fail('NotAuthorizedException', 'Invalid Access Token');
    const pool = await poolOfClient(ctx, claims.client_id);
    if (claims.iss !== issuerOf(pool.options.Id)) throw fail('NotAuthorizedException', 'Invalid Access Token');
    const user: StoredUser | null = await pool.getUserByUsername(ctx, String(claims.sub));
    if (!user) throw fail('NotAuthorizedException', 'User does not exist.');
    const issued = issuedAt.get(String(claims.jti)) ?? (Number(claims.iat) + 1) * 1000 - 1;
    if (user.TokensRevokedDate && issued <= new Date(user.TokensRevokedDate).getTime()) {
      throw fail('NotAuthorizedException', 'Access Token has been revoked');
    }
    if (!user.Enabled) throw fail('NotAuthorizedException', 'User is disabled.');
    return { pool, user };
  }

  /** Tokens as Cognito returns them (cognito-local leaves out ExpiresIn and TokenType). */
  async function completed(ctx: Context, clientId: string, response: Response, user?: User | null): Promise<Response> {
    const result = response.AuthenticationResult as Record<string, unknown> | undefined;
    if (response.Session && typeof response.Session === 'string' && user) {
      sessions.set(response.Session, { username: user.Username, expires: Date.now() + 3 * 60_000 });
    }
    if (!result?.AccessToken) return response;
    const expiresIn = lifetimeOf(await clientOf(ctx, clientId), 'AccessToken');
    return { ...response, AuthenticationResult: { ...result, ExpiresIn: expiresIn, TokenType: 'Bearer' } };
  }

  /** USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH / REFRESH_TOKEN_AUTH as Cognito checks them. */
  const initiateAuth: Target = async (ctx, req, next) => {
    const clientId = text(req, 'ClientId');
    const client = await clientOf(ctx, clientId);
    const flow = text(req, 'AuthFlow') === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : text(req, 'AuthFlow');
    if (!(client.ExplicitAuthFlows ?? []).includes(`ALLOW_${flow}`)) {
      throw fail('InvalidParameterException', `${flow} flow not enabled for this client`);
    }
    if (flow === 'REFRESH_TOKEN_AUTH') return completed(ctx, clientId, await next(ctx, req));
    const parameters = record(req, 'AuthParameters');
    const pool = await poolOfClient(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, parameters.USERNAME ?? '');
    // Cognito tells an unconfirmed user so before it checks the password, whatever the password
    // (amazon-cognito-identity-js#288, aws-sdk-js#4608); cognito-local checks the password first.
    if (user?.UserStatus === 'UNCONFIRMED') throw fail('UserNotConfirmedException', 'User is not confirmed.');
    // cognito-local skips the password check for FORCE_CHANGE_PASSWORD users and answers a wrong
    // one with InvalidPasswordException; Cognito answers NotAuthorizedException in both cases.
    if (!user || user.Password !== parameters.PASSWORD || !user.Enabled) throw incorrectCredentials();
    // cognito-local's AdminInitiateAuth issues tokens to FORCE_CHANGE_PASSWORD users; Cognito asks for a new password.
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      const attributes = Object.fromEntries(user.Attributes.filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value]));
      const challenge = {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
        Session: randomUUID(),
      };
      return completed(ctx, clientId, challenge, user);
    }
    return completed(ctx, clientId, await next(ctx, req), user);
  };

  const respondToAuthChallenge: Target = async (ctx, req, next) => {
    const clientId = text(req, 'ClientId');
    const username = record(req, 'ChallengeResponses').USERNAME ?? '';
    const pool = await poolOfClient(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, username);
    const session = sessions.get(text(req, 'Session'));
    sessions.delete(text(req, 'Session'));
    if (!user || !session || session.username !== user.Username || session.expires < Date.now()) throw invalidSession();
    if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') checkPassword(pool, record(req, 'ChallengeResponses').NEW_PASSWORD ?? '');
    const response = await next(ctx, req);
    // cognito-local stores only the refresh tokens InitiateAuth issues: a challenge's would be refused.
    const refreshToken = (response.AuthenticationResult as { RefreshToken?: unknown } | undefined)?.RefreshToken;
    const current = await pool.getUserByUsername(ctx, username);
    if (current && typeof refreshToken === 'string') await pool.storeRefreshToken(ctx, refreshToken, current);
    return completed(ctx, clientId, response, current);
  };

  const masked = (response: Response): Response => {
    const details = response.CodeDeliveryDetails as { Destination?: string } | undefined;
    return details?.Destination
      ? { ...response, CodeDeliveryDetails: { ...details, Destination: maskedDestination(details.Destination) } }
      : response;
  };

  /** Adds the simulated delivery Cognito returns for unknown users when PreventUserExistenceErrors is ENABLED. */
  const codeSender =
    (send: (ctx: Context, req: Request, next: Route, pool: UserPoolService, user: User) => Promise<Response>): Target =>
    async (ctx, req, next) => {
      const clientId = text(req, 'ClientId');
      const pool = await poolOfClient(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, text(req, 'Username'));
      if (!user) {
        if (!(await preventsUserExistenceErrors(ctx, clientId)))
          throw fail('UserNotFoundException', 'Username/client id combination not found.');
        return {
          CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: maskedDestination(text(req, 'Username')) },
        };
      }
      return masked(await send(ctx, req, next, pool, user));
    };

  /** Code checks: an unknown user reads as a wrong code when PreventUserExistenceErrors is ENABLED. */
  const codeChecker =
    (check: (ctx: Context, req: Request, next: Route, pool: UserPoolService, user: User) => Promise<Response>): Target =>
    async (ctx, req, next) => {
      const clientId = text(req, 'ClientId');
      const pool = await poolOfClient(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, text(req, 'Username'));
      if (!user) {
        if (await preventsUserExistenceErrors(ctx, clientId))
          throw fail('CodeMismatchException', 'Invalid verification code provided, please try again.');
        throw fail('UserNotFoundException', 'Username/client id combination not found.');
      }
      return check(ctx, req, next, pool, user);
    };

  /** Every call authorised by an access token first checks it the way Cognito does. */
  const withAccessToken =
    (then?: (ctx: Context, req: Request, next: Route, pool: UserPoolService, user: StoredUser) => Promise<Response>): Target =>
    async (ctx, req, next) => {
      if (!req.AccessToken && req.Session) return next(ctx, req);
      const { pool, user } = await userOfAccessToken(ctx, text(req, 'AccessToken'));
      return then ? then(ctx, req, next, pool, user) : next(ctx, req);
    };

  const targets: Record<string, Target> = {
    InitiateAuth: initiateAuth,
    AdminInitiateAuth: initiateAuth,
    RespondToAuthChallenge: respondToAuthChallenge,
    // Not in cognito-local: the same answer, authorised by IAM instead of the client id.
    AdminRespondToAuthChallenge: (ctx, req) => respondToAuthChallenge(ctx, req, base('RespondToAuthChallenge')),
    SignUp: async (ctx, req, next) => {
      checkPassword(await poolOfClient(ctx, text(req, 'ClientId')), text(req, 'Password'));
      return masked(await next(ctx, req));
    },
    // cognito-local sends a reset code to anyone, with the one code field it also keeps the sign-up
    // code in: an unconfirmed user could confirm the account through a password reset. Cognito sends
    // none to an address that is not verified, nor to a user who has not set a first password.
    ForgotPassword: codeSender((ctx, req, next, _pool, user) => {
      if (user.UserStatus === 'FORCE_CHANGE_PASSWORD')
        throw fail('NotAuthorizedException', 'User password cannot be reset in the current state.');
      if (!user.Attributes.some((a) => a.Name === 'email_verified' && a.Value === 'true')) {
        throw fail(
          'InvalidParameterException',
          'Cannot reset password for the user as there is no registered/verified email or phone_number',
        );
      }
      return next(ctx, req);
    }),
    // Not in cognito-local: a new sign-up code for a user who is still UNCONFIRMED.
    ResendConfirmationCode: codeSender(async (ctx, req, _next, pool, user) => {
      if (user.UserStatus !== 'UNCONFIRMED') throw fail('InvalidParameterException', 'User is already confirmed.');
      const email = user.Attributes.find((a) => a.Name === 'email')?.Value ?? '';
      const details = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email } as const;
      const code = services.otp();
      await services.messages.deliver(ctx, 'ResendCode', text(req, 'ClientId'), pool.options.Id, user, code, undefined, details);
      await pool.saveUser(ctx, { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
      return { CodeDeliveryDetails: details };
    }),
    ConfirmSignUp: codeChecker(async (ctx, req, next, pool, user) => {
      if (user.UserStatus === 'CONFIRMED') throw fail('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
      // An admin-created user, for one, has no sign-up to confirm.
      if (user.UserStatus !== 'UNCONFIRMED')
        throw fail('NotAuthorizedException', 'User cannot confirm because user status is not UNCONFIRMED.');
      const response = await next(ctx, req);
      // The code went to the email, so Cognito marks it verified when the pool auto-verifies emails.
      const confirmed = await pool.getUserByUsername(ctx, user.Username);
      if (confirmed && (pool.options.AutoVerifiedAttributes ?? []).includes('email')) {
        const Attributes = [...confirmed.Attributes.filter((a) => a.Name !== 'email_verified'), { Name: 'email_verified', Value: 'true' }];
        await pool.saveUser(ctx, { ...confirmed, Attributes });
      }
      return response;
    }),
    ConfirmForgotPassword: codeChecker(async (ctx, req, next, pool) => {
      checkPassword(pool, text(req, 'Password'));
      return next(ctx, req);
    }),
    ChangePassword: withAccessToken(async (ctx, req, next, pool, user) => {
      if (user.Password !== text(req, 'PreviousPassword')) throw incorrectCredentials();
      checkPassword(pool, text(req, 'ProposedPassword'));
      return next(ctx, req);
    }),
    // Not in cognito-local: revokes every refresh token, and the access tokens issued so far.
    GlobalSignOut: withAccessToken(async (ctx, _req, _next, pool, user) => {
      const revoked: StoredUser = { ...user, RefreshTokens: [], TokensRevokedDate: new Date() };
      await pool.saveUser(ctx, revoked);
      return {};
    }),
    GetUser: withAccessToken(),
    DeleteUser: withAccessToken(),
    UpdateUserAttributes: withAccessToken(async (ctx, req, next, pool, user) => {
      await checkEmailFree(ctx, pool, user, emailIn(req.UserAttributes));
      return next(ctx, req);
    }),
    DeleteUserAttributes: withAccessToken(),
    // The pool keeps a changed email pending until it is verified; another user may have taken it
    // meanwhile. (A wrong code is refused first, by cognito-local.)
    VerifyUserAttribute: withAccessToken(async (ctx, req, next, pool, user) => {
      if (req.AttributeName === 'email' && req.Code === user.AttributeVerificationCode) {
        await checkEmailFree(ctx, pool, user, emailIn(user.UnverifiedAttributeChanges));
      }
      return next(ctx, req);
    }),
    GetUserAttributeVerificationCode: withAccessToken(),
    AssociateSoftwareToken: withAccessToken(),
    VerifySoftwareToken: withAccessToken(),
    SetUserMFAPreference: withAccessToken(),
  };

  return (name) => {
    const target = targets[name];
    return target ? (ctx, req: Request) => target(ctx, req, base(name)) : base(name);
  };
}
