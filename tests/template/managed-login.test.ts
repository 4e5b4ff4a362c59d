// The managed login's app client and pages (docs/managed-login.md): a public client with the code flow, the
// scopes the user routes require, the same token rules as the API client, and Cognito's current pages.
import { loadTemplate, type CfnValue } from '../../scripts/lib/template.js';

const template = loadTemplate();
const client = template.Resources.ManagedLoginClient?.Properties ?? {};
const apiClient = template.Resources.ApiClient?.Properties ?? {};

describe('template.yaml: managed login', () => {
  it('gives web and mobile apps a public client with the authorization code flow only, on Cognito users', () => {
    expect(template.Resources.ManagedLoginClient?.Type).toBe('AWS::Cognito::UserPoolClient');
    expect(client).toMatchObject({
      UserPoolId: { Ref: 'UserPool' },
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: { Ref: 'ManagedLoginCallbackUrls' },
      LogoutURLs: { Ref: 'ManagedLoginSignOutUrls' },
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    for (const name of ['ManagedLoginCallbackUrls', 'ManagedLoginSignOutUrls'])
      expect(template.Parameters?.[name]).toMatchObject({ Type: 'CommaDelimitedList', Default: 'http://localhost:3001/' });
  });

  it('grants the scopes the user routes require, so its access tokens pass the JWT authorizer', () => {
    const authorizer = (template.Resources.HttpApi?.Properties?.Auth as { Authorizers: Record<string, Record<string, CfnValue>> })
      .Authorizers.CognitoJwt;
    const required = authorizer?.AuthorizationScopes as string[];
    expect(required).toEqual(['aws.cognito.signin.user.admin']);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile', ...required]);
    expect((authorizer?.JwtConfiguration as { audience: CfnValue[] }).audience).toContainEqual({ Ref: 'ManagedLoginClient' });
  });

  it('rotates refresh tokens and keeps the token lifetimes of the API client, from the same parameters', () => {
    for (const key of ['RefreshTokenRotation', 'AccessTokenValidity', 'IdTokenValidity', 'RefreshTokenValidity', 'TokenValidityUnits'])
      expect({ key, value: client[key] }).toEqual({ key, value: apiClient[key] });
    expect(client.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: { Ref: 'RefreshTokenGracePeriodSeconds' } });
    // Rotation refuses REFRESH_TOKEN_AUTH: apps refresh at /oauth2/token.
    expect(client.ExplicitAuthFlows).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');
  });

  it("serves Cognito's current managed login pages in Cognito's style, on a plan that has branding", () => {
    expect(template.Resources.UserPoolDomain?.Properties).toMatchObject({ ManagedLoginVersion: 2 });
    expect(template.Resources.ManagedLoginBranding).toEqual({
      Type: 'AWS::Cognito::ManagedLoginBranding',
      Properties: { UserPoolId: { Ref: 'UserPool' }, ClientId: { Ref: 'ManagedLoginClient' }, UseCognitoProvidedValues: true },
    });
    // Branding needs Essentials or Plus: Lite is not a value the stack takes.
    expect(template.Parameters?.UserPoolTier?.AllowedValues).toEqual(['ESSENTIALS', 'PLUS']);
    expect(template.Resources.UserPool?.Properties?.UserPoolTier).toEqual({ Ref: 'UserPoolTier' });
  });

  it('outputs the client id and its sign-in URL on the hosted domain, back to the first callback URL', () => {
    expect(template.Outputs?.ManagedLoginClientId?.Value).toEqual({ Ref: 'ManagedLoginClient' });
    const [url, variables] = (template.Outputs?.ManagedLoginUrl?.Value as { 'Fn::Sub': [string, Record<string, CfnValue>] })['Fn::Sub'];
    expect(url).toBe(
      'https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com/oauth2/authorize?client_id=${ManagedLoginClient}' +
        '&response_type=code&scope=openid+email+profile+aws.cognito.signin.user.admin&redirect_uri=${CallbackUrl}',
    );
    expect(variables).toEqual({ CallbackUrl: { 'Fn::Select': [0, { Ref: 'ManagedLoginCallbackUrls' }] } });
  });
});
