import { accessTokenOf, claimsOf, type AuthorizedEvent } from '@authapi/shared/http';
import { codeDeliveryFor, maskedEmail, secretHashFor, tokensOrChallenge } from '@authapi/shared/cognito';
import { loadEvent } from '../../fixtures/lambda.js';

const event = loadEvent<AuthorizedEvent>('get-me');

describe('secretHashFor', () => {
  it('is Base64(HMAC-SHA256(secret, username + clientId)), as the Cognito docs define it', () => {
    // Reference value: printf 'jane@example.comtest-client-id' | openssl dgst -sha256 -hmac client-secret-value -binary | base64
    expect(secretHashFor('jane@example.com', 'test-client-id', 'client-secret-value')).toBe('hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=');
  });
});

describe('accessTokenOf', () => {
  const withAuthorization = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } });

  it.each([['Bearer abc.def.ghi'], ['bearer abc.def.ghi'], ['abc.def.ghi']])('reads the token from "%s"', (header) => {
    expect(accessTokenOf(withAuthorization(header))).toBe('abc.def.ghi');
  });

  it('answers 401 without a token', () => {
    expect(() => accessTokenOf(withAuthorization())).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => accessTokenOf(withAuthorization('Bearer '))).toThrow(expect.objectContaining({ status: 401 }));
  });
});

describe('claimsOf', () => {
  it('returns the authorizer claims as strings', () => {
    expect(claimsOf(event)).toMatchObject({ sub: '8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b', token_use: 'access' });
  });

  it('answers 401 when the authorizer passed no claims', () => {
    const unauthorized = { ...event, requestContext: { ...event.requestContext, authorizer: undefined } } as unknown as AuthorizedEvent;
    expect(() => claimsOf(unauthorized)).toThrow(expect.objectContaining({ status: 401 }));
  });
});

describe('codeDeliveryFor', () => {
  it("uses Cognito's delivery details when there are some", () => {
    expect(codeDeliveryFor('jane@example.com', { Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' })).toEqual({
      destination: 'j***@e***',
      medium: 'EMAIL',
    });
  });

  it('derives the same shape from the address when Cognito has none', () => {
    expect(codeDeliveryFor('jane@example.com')).toEqual({ destination: 'j***@e***', medium: 'EMAIL' });
    expect(maskedEmail('x@y.org')).toBe('x***@y***');
  });
});

describe('tokensOrChallenge', () => {
  it('omits refreshToken when Cognito did not rotate it', () => {
    expect(tokensOrChallenge({ AuthenticationResult: { AccessToken: 'a', IdToken: 'i', ExpiresIn: 300 } })).toEqual({
      accessToken: 'a',
      idToken: 'i',
      expiresIn: 300,
      tokenType: 'Bearer',
    });
  });

  it('answers 503 when Cognito returns neither tokens nor a challenge', () => {
    expect(() => tokensOrChallenge({})).toThrow(expect.objectContaining({ status: 503 }));
  });
});
