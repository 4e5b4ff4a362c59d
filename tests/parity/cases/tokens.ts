// The tokens Cognito issues: signature and claims, refresh, revocation.
import { GetUserCommand, InitiateAuthCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CaseContext, ParityCase } from '../harness.js';
import {
  API,
  confirmedUser,
  expectFailure,
  GUIDE,
  headerOf,
  signedIn,
  templatePool,
  UUID,
  verifiedClaims,
  type TestPool,
  WITH_REFRESH_TOKEN_AUTH,
} from '../fixtures.js';

const refresh = (t: CaseContext, pool: TestPool, refreshToken: string) =>
  t.cognito.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
  );

export const tokenCases: ParityCase[] = [
  {
    id: 'tokens/claims',
    title: "signs access and ID tokens with RS256 keys of the pool's JWKS, with Cognito's claims",
    doc: `${GUIDE}/amazon-cognito-user-pools-using-the-access-token.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'claims');
      const tokens = await signedIn(t, pool, email);
      const jwks = await t.target.jwksOf(pool.userPoolId);
      await t.check('both verify against the JWKS (RS256, issuer, expiry; the ID token its audience)', async () => {
        await verifiedClaims(t, pool, tokens.AccessToken, 'access');
        await verifiedClaims(t, pool, tokens.IdToken, 'id');
        for (const token of [tokens.AccessToken, tokens.IdToken]) {
          expect(headerOf(token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
          expect(jwks.keys.map((key) => key.kid)).toContain(headerOf(token).kid);
        }
      });
      // "the key ID (kid) is different because different keys are used to sign ID tokens and access tokens"
      await t.check('access and ID tokens are signed with different keys', () =>
        expect(headerOf(tokens.AccessToken).kid).not.toBe(headerOf(tokens.IdToken).kid),
      );
      let access: Record<string, unknown> = {};
      let id: Record<string, unknown> = {};
      await t.check('the access token has the claims of an access token', async () => {
        access = await verifiedClaims(t, pool, tokens.AccessToken, 'access');
        expect(access).toMatchObject({
          sub: expect.stringMatching(UUID),
          iss: t.target.issuerOf(pool.userPoolId),
          client_id: pool.clientId,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
          auth_time: expect.any(Number),
          iat: expect.any(Number),
          exp: expect.any(Number),
          jti: expect.stringMatching(UUID),
          origin_jti: expect.stringMatching(UUID),
          username: access.sub,
        });
        expect(access).not.toHaveProperty('aud');
      });
      // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
      await t.check('the ID token has the claims of an ID token', async () => {
        id = await verifiedClaims(t, pool, tokens.IdToken, 'id');
        expect(id).toMatchObject({
          sub: access.sub,
          iss: t.target.issuerOf(pool.userPoolId),
          aud: pool.clientId,
          token_use: 'id',
          'cognito:username': access.sub,
          email,
          email_verified: true,
          auth_time: access.auth_time,
          jti: expect.stringMatching(UUID),
          origin_jti: access.origin_jti,
        });
      });
      await t.check('both carry the event_id of the sign-in', () => {
        expect(access.event_id).toEqual(expect.stringMatching(UUID));
        expect(id.event_id).toBe(access.event_id);
      });
    },
  },
  {
    id: 'tokens/refresh',
    title: 'REFRESH_TOKEN_AUTH issues new access and ID tokens of the same session, without a new refresh token',
    doc: `${GUIDE}/amazon-cognito-user-pools-using-the-refresh-token.html`,
    run: async (t) => {
      const pool = await templatePool(t, WITH_REFRESH_TOKEN_AUTH);
      const email = await confirmedUser(t, pool, 'refresh');
      const tokens = await signedIn(t, pool, email);
      // auth_time and iat have seconds only: a refresh a second later tells a kept auth_time from a new one.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const { AuthenticationResult: refreshed } = await refresh(t, pool, tokens.RefreshToken);
      await t.check('answers an access and an ID token, no refresh token', () =>
        expect(refreshed).toEqual({
          AccessToken: expect.any(String),
          IdToken: expect.any(String),
          ExpiresIn: expect.any(Number),
          TokenType: 'Bearer',
        }),
      );
      const before = await verifiedClaims(t, pool, tokens.AccessToken, 'access');
      await t.check('the new access token is a new token of the same session (origin_jti)', async () => {
        const after = await verifiedClaims(t, pool, refreshed?.AccessToken ?? '', 'access');
        expect(after.jti).not.toBe(before.jti);
        expect(after.origin_jti).toBe(before.origin_jti);
      });
      // "On refreshes, it represents the time when the original authentication occurred."
      await t.check('auth_time stays the time of the sign-in', async () => {
        const after = await verifiedClaims(t, pool, refreshed?.AccessToken ?? '', 'access');
        expect(after.auth_time).toBe(before.auth_time);
      });
      await t.check('the new access token is accepted by GetUser', async () =>
        expect((await t.cognito.send(new GetUserCommand({ AccessToken: refreshed?.AccessToken }))).Username).toBe(before.sub),
      );
    },
  },
  {
    // The message as Cognito words it, period included (aws/aws-sdk-cpp#1789 shows the response body).
    id: 'tokens/refresh-invalid',
    title: 'refuses a refresh token it did not issue with NotAuthorizedException',
    doc: `${API}/API_InitiateAuth.html`,
    run: async (t) => {
      const pool = await templatePool(t, WITH_REFRESH_TOKEN_AUTH);
      await t.check('refuses a made-up refresh token', () =>
        expectFailure(refresh(t, pool, 'not-a-refresh-token'), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' }),
      );
    },
  },
  {
    id: 'tokens/revoke',
    title: 'RevokeToken ends the refresh token and the access tokens issued from it, not the other sessions',
    doc: `${GUIDE}/token-revocation.html`,
    run: async (t) => {
      const pool = await templatePool(t, WITH_REFRESH_TOKEN_AUTH);
      const email = await confirmedUser(t, pool, 'revoke');
      const revoked = await signedIn(t, pool, email);
      const other = await signedIn(t, pool, email);
      await t.check('revokes the refresh token', () =>
        t.cognito.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: revoked.RefreshToken })),
      );
      await t.check('the refresh token is refused', () =>
        expectFailure(refresh(t, pool, revoked.RefreshToken), {
          name: 'NotAuthorizedException',
          message: 'Refresh Token has been revoked',
        }),
      );
      await t.check('the access token issued from it is refused', () =>
        expectFailure(t.cognito.send(new GetUserCommand({ AccessToken: revoked.AccessToken })), {
          name: 'NotAuthorizedException',
          message: 'Access Token has been revoked',
        }),
      );
      await t.check('the other session goes on', async () => {
        await t.cognito.send(new GetUserCommand({ AccessToken: other.AccessToken }));
        expect((await refresh(t, pool, other.RefreshToken)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
      });
    },
  },
];
