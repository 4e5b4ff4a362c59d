import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsOf, httpRoutesOf, loadTemplate, textOf, type CfnValue, type FunctionResource } from '../../scripts/lib/template.js';

const template = loadTemplate();
const functions = functionsOf(template);
const routes = httpRoutesOf(template);
const USER_SCOPE = 'aws.cognito.signin.user.admin';

// The routes of CONTRACT.md.
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
  'GET /messages',
  'GET /messages/{id}',
  'PATCH /messages/{id}',
  'DELETE /messages/{id}',
];
// Users, or machine clients with the messages/send scope (client-credentials tokens).
const USER_OR_MACHINE_ROUTES = ['POST /messages'];
const MACHINE_SCOPE = 'messages/send';

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const sourceOf = (fn: FunctionResource) => readFileSync(join(textOf(fn.properties.CodeUri), 'index.ts'), 'utf8');
const buildPropertiesOf = (fn: FunctionResource) => (fn.resource.Metadata?.BuildProperties ?? {}) as Record<string, CfnValue>;

describe('template.yaml', () => {
  it('serves every route of the contract, each with its own function', () => {
    const served = routes.map(routeKey);
    for (const route of [...PUBLIC_ROUTES, ...USER_ROUTES, ...USER_OR_MACHINE_ROUTES])
      expect(served.filter((r) => r === route)).toHaveLength(1);
    expect(new Set(routes.map((r) => r.functionId)).size).toBe(routes.length);
  });

  it('leaves exactly the public routes without an authorizer', () => {
    expect(
      routes
        .filter((r) => !r.authorizer)
        .map(routeKey)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('guards every other route with the JWT authorizer and the user scope, so ID tokens are refused', () => {
    for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(routeKey(r)))) {
      expect({ route: routeKey(route), authorizer: route.authorizer }).toEqual({ route: routeKey(route), authorizer: 'CognitoJwt' });
      expect(route.scopes.length).toBeGreaterThan(0);
    }
    for (const route of routes.filter((r) => USER_ROUTES.includes(routeKey(r)))) expect(route.scopes).toEqual([USER_SCOPE]);
    for (const route of routes.filter((r) => USER_OR_MACHINE_ROUTES.includes(routeKey(r))))
      expect(route.scopes.sort()).toEqual([USER_SCOPE, MACHINE_SCOPE].sort());
  });

  it('gives machine clients the client-credentials grant with the messages/send scope only', () => {
    expect(template.Resources.MessagesResourceServer).toMatchObject({
      Type: 'AWS::Cognito::UserPoolResourceServer',
      Properties: { Identifier: 'messages', Scopes: [{ ScopeName: 'send' }] },
    });
    expect(template.Resources.MachineClient).toMatchObject({
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [MACHINE_SCOPE] },
    });
  });

  it('keeps messages in one on-demand, recoverable, encrypted, retained table queried by box', () => {
    const tables = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables.map(([id]) => id).sort()).toEqual(['IdempotencyTable', 'MessagesTable']);
    expect(template.Resources.MessagesTable).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
    expect(template.Resources.IdempotencyTable).toMatchObject({
      Properties: { TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true } },
    });
  });

  it('configures the JWT authorizer with the pool as issuer and the app client as audience', () => {
    const api = template.Resources.HttpApi?.Properties ?? {};
    expect(api.Auth).toMatchObject({
      Authorizers: {
        CognitoJwt: {
          IdentitySource: '$request.header.Authorization',
          JwtConfiguration: {
            issuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${UserPool}' },
            audience: [{ Ref: 'ApiClient' }, { Ref: 'MachineClient' }],
          },
        },
      },
    });
    expect(api.CorsConfiguration).toMatchObject({ AllowOrigins: { Ref: 'CorsAllowedOrigins' } });
    expect(api.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' } });
    expect(api.AccessLogSettings).toMatchObject({ DestinationArn: { 'Fn::GetAtt': ['HttpApiAccessLogs', 'Arn'] } });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: handler and entry point exist', (_id, fn) => {
    const [file, exported] = textOf(fn.properties.Handler).split('.');
    const entryPoints = (buildPropertiesOf(fn).EntryPoints ?? []) as string[];
    expect(entryPoints).toEqual([`${file}.ts`]);
    expect(existsSync(join(textOf(fn.properties.CodeUri), `${file}.ts`))).toBe(true);
    expect(sourceOf(fn)).toMatch(new RegExp(`export const ${exported} = `));
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: is bundled as ESM against the shared layer', (_id, fn) => {
    expect(fn.resource.Metadata?.BuildMethod).toBe('esbuild');
    expect(buildPropertiesOf(fn)).toMatchObject({ Format: 'esm', MainFields: 'module,main', OutExtension: ['.js=.mjs'], Sourcemap: false });
    expect(buildPropertiesOf(fn).External).toContain('@authapi/shared');
  });

  it('runs every function on Node.js 24, arm64, with tracing and the shared layer', () => {
    expect(template.Globals?.Function).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Tracing: 'Active',
      Layers: [{ Ref: 'SharedLayer' }],
    });
    for (const fn of functions) {
      for (const key of ['Runtime', 'Architectures', 'Tracing', 'Layers']) expect(fn.resource.Properties?.[key]).toBeUndefined();
    }
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: logs to its own log group with a bounded retention', (_id, fn) => {
    const logGroup = (fn.properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref ?? '';
    expect(template.Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } },
    });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))(
    "%s: IAM grants exactly the actions its code sends, on this stack's resources",
    (_id, fn) => {
      const statements = ((fn.properties.Policies ?? []) as CfnValue[]).map((policy) => {
        // Only explicit statements: SAM policy templates and managed policies grant more than a function uses.
        expect(policy).toHaveProperty('Statement');
        return (policy as { Statement: CfnValue[] }).Statement;
      });
      const grants = statements.flat().flatMap((statement) => {
        const { Action, Resource } = statement as { Action: string | string[]; Resource: CfnValue };
        return ([] as string[]).concat(Action).map((action) => ({ action, resource: JSON.stringify(Resource) }));
      });
      for (const { action, resource } of grants) expect(RESOURCES_OF_SERVICE[action.split(':')[0] ?? '']).toContain(resource);
      const grantedOn = (resource: string) => grants.filter((g) => g.resource === resource).map((g) => g.action);
      const source = sourceOf(fn);
      const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? '');
      const sent = [
        ...commands.map((command) => DOCUMENT_COMMANDS[command] ?? command),
        ...(/\bidempotent\(/.test(source) ? IDEMPOTENCY_OPERATIONS : []),
      ];
      const granted = grants.map((g) => g.action);
      // The messages table and the idempotency table are granted separately.
      const onIdempotency = grantedOn(IDEMPOTENCY_TABLE_ARN).map((a) => a.split(':')[1]);
      expect(onIdempotency.sort()).toEqual(/\bidempotent\(/.test(source) ? [...IDEMPOTENCY_OPERATIONS].sort() : []);
      // Cognito's public operations (SignUp, InitiateAuth, GetUser with an access token...) are
      // authorised by the client id or the user's token, not IAM; its admin operations and every
      // other service call need a statement.
      const needsIam = (operation: string) => operation.startsWith('Admin') || operation === 'ListUsers' || !COGNITO_PUBLIC.has(operation);
      const granting = (operation: string) => granted.filter((action) => action.split(':')[1] === operation);
      for (const operation of sent.filter(needsIam))
        expect({ operation, granted: granting(operation).length > 0 }).toEqual({ operation, granted: true });
      for (const action of granted) expect(sent).toContain(action.split(':')[1]);
    },
  );
});

// lib-dynamodb's document commands and the DynamoDB operations (IAM actions) they are.
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  // A transaction is authorised per item: these functions only Put inside it.
  TransactWrite: 'PutItem',
};
// What Powertools idempotency does on its table.
const IDEMPOTENCY_OPERATIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'];
const IDEMPOTENCY_TABLE_ARN = JSON.stringify({ 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] });
const RESOURCES_OF_SERVICE: Record<string, string[]> = {
  'cognito-idp': [JSON.stringify({ 'Fn::GetAtt': ['UserPool', 'Arn'] })],
  dynamodb: [JSON.stringify({ 'Fn::GetAtt': ['MessagesTable', 'Arn'] }), IDEMPOTENCY_TABLE_ARN],
};

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
