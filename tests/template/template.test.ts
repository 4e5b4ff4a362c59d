import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsOf, httpRoutesOf, loadTemplate, type CfnValue, type FunctionResource } from '../../scripts/lib/template.js';

const template = loadTemplate();
const functions = functionsOf(template);
const routes = httpRoutesOf(template);
const USER_SCOPE = 'aws.cognito.signin.user.admin';

// The auth routes of CONTRACT.md; the messaging routes come with their own issue.
const PUBLIC_ROUTES = [
  'GET /health',
  'POST /auth/sign-up',
  'POST /auth/confirm-sign-up',
  'POST /auth/resend-code',
  'POST /auth/sign-in',
  'POST /auth/challenge',
  'POST /auth/refresh',
  'POST /auth/forgot-password',
  'POST /auth/confirm-forgot-password',
];
const USER_ROUTES = [
  'POST /auth/sign-out',
  'GET /me',
  'PATCH /me',
  'POST /me/verify-email',
  'POST /me/password',
  'DELETE /me',
  'POST /me/mfa/totp',
  'POST /me/mfa/totp/verify',
  'DELETE /me/mfa',
];

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const sourceOf = (fn: FunctionResource) => readFileSync(join(String(fn.properties.CodeUri), 'index.ts'), 'utf8');
const buildPropertiesOf = (fn: FunctionResource) => (fn.resource.Metadata?.BuildProperties ?? {}) as Record<string, CfnValue>;

describe('template.yaml', () => {
  it('serves every auth route of the contract, each with its own function', () => {
    const served = routes.map(routeKey);
    for (const route of [...PUBLIC_ROUTES, ...USER_ROUTES]) expect(served.filter((r) => r === route)).toHaveLength(1);
    expect(new Set(routes.map((r) => r.functionId)).size).toBe(routes.length);
  });

  it('leaves exactly the public routes without an authorizer', () => {
    expect(routes.filter((r) => !r.authorizer).map(routeKey).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('guards every other route with the JWT authorizer and the user scope, so ID tokens are refused', () => {
    for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(routeKey(r)))) {
      expect({ route: routeKey(route), authorizer: route.authorizer }).toEqual({ route: routeKey(route), authorizer: 'CognitoJwt' });
      expect(route.scopes.length).toBeGreaterThan(0);
    }
    for (const route of routes.filter((r) => USER_ROUTES.includes(routeKey(r)))) expect(route.scopes).toEqual([USER_SCOPE]);
  });

  it('configures the JWT authorizer with the pool as issuer and the app client as audience', () => {
    const api = template.Resources.HttpApi?.Properties ?? {};
    expect(api.Auth).toMatchObject({
      Authorizers: {
        CognitoJwt: {
          IdentitySource: '$request.header.Authorization',
          JwtConfiguration: {
            issuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${UserPool}' },
            audience: [{ Ref: 'ApiClient' }],
          },
        },
      },
    });
    expect(api.CorsConfiguration).toMatchObject({ AllowOrigins: { Ref: 'CorsAllowedOrigins' } });
    expect(api.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' } });
    expect(api.AccessLogSettings).toMatchObject({ DestinationArn: { 'Fn::GetAtt': ['HttpApiAccessLogs', 'Arn'] } });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: handler and entry point exist', (_id, fn) => {
    const [file, exported] = String(fn.properties.Handler).split('.');
    const entryPoints = (buildPropertiesOf(fn).EntryPoints ?? []) as string[];
    expect(entryPoints).toEqual([`${file}.ts`]);
    expect(existsSync(join(String(fn.properties.CodeUri), `${file}.ts`))).toBe(true);
    expect(sourceOf(fn)).toMatch(new RegExp(`export const ${exported} = `));
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: is bundled as ESM against the shared layer', (_id, fn) => {
    expect(fn.resource.Metadata?.BuildMethod).toBe('esbuild');
    expect(buildPropertiesOf(fn)).toMatchObject({ Format: 'esm', MainFields: 'module,main', OutExtension: ['.js=.mjs'], Sourcemap: false });
    expect(buildPropertiesOf(fn).External).toContain('@authapi/shared');
  });

  it('runs every function on Node.js 22, arm64, with tracing and the shared layer', () => {
    expect(template.Globals?.Function).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Tracing: 'Active',
      Layers: [{ Ref: 'SharedLayer' }],
    });
    for (const fn of functions) {
      for (const key of ['Runtime', 'Architectures', 'Tracing', 'Layers']) expect(fn.properties[key]).toBeUndefined();
    }
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: logs to its own log group with a bounded retention', (_id, fn) => {
    const logGroup = (fn.properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref ?? '';
    expect(template.Resources[logGroup]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } } });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: IAM grants exactly the admin actions its code sends', (_id, fn) => {
    const statements = ((fn.properties.Policies ?? []) as CfnValue[]).map((policy) => {
      // Only explicit statements: SAM policy templates and managed policies grant more than a function uses.
      expect(policy).toHaveProperty('Statement');
      return (policy as { Statement: CfnValue[] }).Statement;
    });
    const granted = statements.flat().flatMap((statement) => {
      const { Action, Resource } = statement as { Action: string | string[]; Resource: CfnValue };
      expect(JSON.stringify(Resource)).not.toBe('"*"');
      return ([] as string[]).concat(Action);
    });
    const sent = [...sourceOf(fn).matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? '');
    // Cognito's public operations (SignUp, InitiateAuth, GetUser with an access token...) are
    // authorised by the client id or the user's token, not IAM; its admin operations and every
    // other service call need a statement.
    const needsIam = (operation: string) => operation.startsWith('Admin') || operation === 'ListUsers' || !COGNITO_PUBLIC.has(operation);
    const granting = (operation: string) => granted.filter((action) => action.split(':')[1] === operation);
    for (const operation of sent.filter(needsIam)) expect({ operation, granted: granting(operation).length > 0 }).toEqual({ operation, granted: true });
    for (const action of granted) expect(sent).toContain(action.split(':')[1]);
  });
});

const COGNITO_PUBLIC = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'ForgotPassword',
  'GetUser',
  'GlobalSignOut',
  'InitiateAuth',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SignUp',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);
