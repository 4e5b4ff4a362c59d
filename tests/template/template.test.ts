import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryPointsOf } from '../../scripts/lib/esbuild-options.js';
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
  'GET /me/passkeys',
  'POST /me/passkeys/options',
  'POST /me/passkeys',
  'DELETE /me/passkeys/{id}',
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
const globals = template.Globals?.Function ?? {};
const authorizers = (template.Resources.HttpApi?.Properties?.Auth as { Authorizers: Record<string, { AuthorizationScopes?: string[] }> })
  .Authorizers;
interface RawEvent {
  Type: string;
  Properties: { Method: string; Path: string; Auth?: { Authorizer?: string; AuthorizationScopes?: string[] } };
}
/** The HttpApi events as written in the function blocks, before SAM applies Globals and defaults. */
const rawEvents = functions.flatMap((fn) =>
  Object.values((fn.resource.Properties?.Events ?? {}) as unknown as Record<string, RawEvent>)
    .filter((event) => event.Type === 'HttpApi')
    .map((event) => ({
      route: `${event.Properties.Method.toUpperCase()} ${event.Properties.Path}`,
      auth: event.Properties.Auth,
    })),
);

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
    const expected = (route: string) =>
      PUBLIC_ROUTES.includes(route)
        ? { route, scopes: [] }
        : { route, authorizer: 'CognitoJwt', scopes: USER_ROUTES.includes(route) ? [USER_SCOPE] : [USER_SCOPE, MACHINE_SCOPE] };
    for (const route of routes) {
      const key = routeKey(route);
      expect({ route: key, ...(route.authorizer ? { authorizer: route.authorizer } : {}), scopes: [...route.scopes].sort() }).toEqual(
        expected(key),
      );
    }
  });

  it('states the user scope once, on the authorizer; a route states only what differs from the defaults', () => {
    expect(authorizers.CognitoJwt?.AuthorizationScopes).toEqual([USER_SCOPE]);
    for (const { route, auth } of rawEvents) {
      if (PUBLIC_ROUTES.includes(route)) expect({ route, auth }).toEqual({ route, auth: { Authorizer: 'NONE' } });
      // The default authorizer is not restated, nor are its scopes.
      else if (USER_ROUTES.includes(route)) expect({ route, auth }).toEqual({ route, auth: undefined });
      else expect({ route, auth }).toEqual({ route, auth: { AuthorizationScopes: [USER_SCOPE, MACHINE_SCOPE] } });
    }
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
    expect(tables.map(([id]) => id).sort()).toEqual(['AccountsTable', 'MessagesTable']);
    expect(template.Resources.MessagesTable).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        // Idempotency records and quota counters expire; message copies have no expiresAt.
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('keeps the sessions in an on-demand, recoverable, encrypted, retained accounts table whose items expire by TTL', () => {
    expect(template.Resources.AccountsTable).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: { 'Fn::If': ['HasDeletionProtection', true, false] },
      },
    });
    expect((globals.Environment as { Variables: Record<string, CfnValue> }).Variables.ACCOUNTS_TABLE).toEqual({ Ref: 'AccountsTable' });
  });

  it('hands erasures to an encrypted queue with a dead-letter queue, whose worker reports batch item failures', () => {
    expect(template.Resources.ErasureQueue).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: {
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['ErasureDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
      },
    });
    expect(template.Resources.ErasureDeadLetterQueue).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true },
    });
    const worker = functions.find((fn) => fn.id === 'EraseAccountFunction');
    expect(worker?.properties.Events).toEqual({
      Jobs: {
        Type: 'SQS',
        Properties: { Queue: { 'Fn::GetAtt': ['ErasureQueue', 'Arn'] }, BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      },
    });
    // Lambda's advice: a visibility timeout of at least six times the function's timeout.
    const visibility = Number(template.Resources.ErasureQueue?.Properties?.VisibilityTimeout);
    expect(visibility).toBeGreaterThanOrEqual(6 * Number(worker?.properties.Timeout));
    for (const fn of functions.filter((f) => /\bhandOff\(/.test(sourceOf(f)))) {
      const variables = (fn.properties.Environment as { Variables: Record<string, CfnValue> }).Variables;
      expect({ id: fn.id, queue: variables.ERASURE_QUEUE_URL, items: variables.ERASURE_ITEMS_PER_INVOCATION }).toEqual({
        id: fn.id,
        queue: { Ref: 'ErasureQueue' },
        items: { Ref: 'ErasureItemsPerInvocation' },
      });
    }
  });

  it('gives each function the settings its session helpers read, from the parameters', () => {
    const variables = (fn: FunctionResource) =>
      (fn.properties.Environment as { Variables?: Record<string, CfnValue> } | undefined)?.Variables ?? {};
    for (const fn of functions) {
      const source = sourceOf(fn);
      const expected = {
        ...(/recentSignIn:/.test(source) ? { RECENT_SIGN_IN_MINUTES: { Ref: 'RecentSignInMinutes' } } : {}),
        ...(/\brecordingSignIn\(/.test(source) ? { REFRESH_TOKEN_VALIDITY_DAYS: { Ref: 'RefreshTokenValidityDays' } } : {}),
        ...(/\bwriteTombstone\(/.test(source) ? { ACCESS_TOKEN_VALIDITY_MINUTES: { Ref: 'AccessTokenValidityMinutes' } } : {}),
      };
      const own = Object.fromEntries(
        Object.entries(variables(fn)).filter(([name]) =>
          ['RECENT_SIGN_IN_MINUTES', 'REFRESH_TOKEN_VALIDITY_DAYS', 'ACCESS_TOKEN_VALIDITY_MINUTES'].includes(name),
        ),
      );
      expect({ id: fn.id, variables: own }).toEqual({ id: fn.id, variables: expected });
    }
  });

  it('lets browsers read retry-after and www-authenticate, and gives access tokens 15 minutes and sensitive changes a 5-minute sign-in by default', () => {
    expect(template.Resources.HttpApi?.Properties?.CorsConfiguration).toMatchObject({ ExposeHeaders: ['retry-after', 'www-authenticate'] });
    expect(template.Parameters?.AccessTokenValidityMinutes).toMatchObject({ Default: 15 });
    expect(template.Parameters?.RecentSignInMinutes).toMatchObject({ Default: 5, MinValue: 1 });
  });

  it('configures the JWT authorizer with the pool as issuer and the app clients as audience', () => {
    const api = template.Resources.HttpApi?.Properties ?? {};
    expect(api.Auth).toMatchObject({
      Authorizers: {
        CognitoJwt: {
          IdentitySource: '$request.header.Authorization',
          JwtConfiguration: {
            issuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${UserPool}' },
            audience: [{ Ref: 'ApiClient' }, { Ref: 'MachineClient' }, { Ref: 'ManagedLoginClient' }],
          },
        },
      },
    });
    expect(api.CorsConfiguration).toMatchObject({ AllowOrigins: { Ref: 'CorsAllowedOrigins' } });
    expect(api.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' } });
    expect(api.AccessLogSettings).toMatchObject({ DestinationArn: { 'Fn::GetAtt': ['HttpApiAccessLogs', 'Arn'] } });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: handler and entry point exist', (_id, fn) => {
    const handler = textOf(fn.properties.Handler);
    const [file, exported] = handler.split('.');
    const codeUri = textOf(fn.properties.CodeUri);
    // sam build takes the entry point from the Handler when BuildProperties name none.
    expect(entryPointsOf(buildPropertiesOf(fn), handler, codeUri)).toEqual([`${file}.ts`]);
    expect(existsSync(join(codeUri, `${file}.ts`))).toBe(true);
    expect(sourceOf(fn)).toMatch(new RegExp(`export const ${exported} = `));
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))(
    "%s: is bundled as ESM against the shared layer, restating none of SAM's defaults",
    (_id, fn) => {
      expect(fn.resource.Metadata?.BuildMethod).toBe('esbuild');
      const buildProperties = buildPropertiesOf(fn);
      expect(buildProperties).toMatchObject({ Format: 'esm', MainFields: 'module,main', OutExtension: ['.js=.mjs'], Target: 'node24' });
      expect(buildProperties.External).toContain('@authapi/shared');
      // aws-lambda-builders' esbuild defaults (minify, no source map, es2020, cjs) and samcli's entry point from the Handler.
      const defaults: Record<string, CfnValue> = { Minify: true, Sourcemap: false, Target: 'es2020', Format: 'cjs' };
      const restated = Object.entries(buildProperties).filter(([key, value]) => JSON.stringify(defaults[key]) === JSON.stringify(value));
      expect(restated).toEqual([]);
      expect(buildProperties.EntryPoints).toBeUndefined();
    },
  );

  it('runs every function on Node.js 24, arm64, with tracing, the shared layer and the Handler from Globals', () => {
    expect(globals).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Tracing: 'Active',
      Layers: [{ Ref: 'SharedLayer' }],
    });
    for (const fn of functions) expect(fn.properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
  });

  it.each(functions.map((fn) => [fn.id, fn] as const))('%s: states only what differs from Globals', (_id, fn) => {
    const own = fn.resource.Properties ?? {};
    // The reconciliation lists the whole pool in one run: it alone has a longer timeout.
    const allowed = [
      'CodeUri',
      'Description',
      'Policies',
      'Environment',
      'Events',
      ...(fn.id === 'ReconcileDirectoryFunction' ? ['Timeout'] : []),
    ];
    expect(Object.keys(own).filter((key) => !allowed.includes(key))).toEqual([]);
    const variables = (environment: CfnValue | undefined) =>
      (environment as { Variables?: Record<string, CfnValue> } | undefined)?.Variables ?? {};
    // A global variable is restated only to remove it (AWS::NoValue): the pool's triggers must not refer to the pool.
    const shared = Object.entries(variables(own.Environment)).filter(
      ([name, value]) => name in variables(globals.Environment) && JSON.stringify(value) !== JSON.stringify({ Ref: 'AWS::NoValue' }),
    );
    expect(shared).toEqual([]);
  });

  it('gives POST /messages the send quotas from four parameters, with defaults for people and for machine clients', () => {
    expect(template.Parameters).toMatchObject({
      SendRateLimitPerMinute: { Type: 'Number', Default: 20, MinValue: 1 },
      SendLimitPerDay: { Type: 'Number', Default: 500, MinValue: 1 },
      MachineSendRateLimitPerMinute: { Type: 'Number', Default: 600, MinValue: 1 },
      MachineSendLimitPerDay: { Type: 'Number', Default: 50000, MinValue: 1 },
    });
    expect(
      (template.Resources.SendMessageFunction?.Properties?.Environment as { Variables: Record<string, CfnValue> }).Variables,
    ).toMatchObject({
      SEND_RATE_LIMIT_PER_MINUTE: { Ref: 'SendRateLimitPerMinute' },
      SEND_LIMIT_PER_DAY: { Ref: 'SendLimitPerDay' },
      MACHINE_SEND_RATE_LIMIT_PER_MINUTE: { Ref: 'MachineSendRateLimitPerMinute' },
      MACHINE_SEND_LIMIT_PER_DAY: { Ref: 'MachineSendLimitPerDay' },
    });
  });

  it('runs the directory triggers from the pool, each with a permission for Cognito only, and reconciles on a schedule', () => {
    const pool = template.Resources.UserPool?.Properties ?? {};
    expect(pool.LambdaConfig).toEqual({
      PostConfirmation: { 'Fn::GetAtt': ['PostConfirmationFunction', 'Arn'] },
      PostAuthentication: { 'Fn::GetAtt': ['PostAuthenticationFunction', 'Arn'] },
    });
    for (const id of ['PostConfirmation', 'PostAuthentication']) {
      expect(template.Resources[`${id}Permission`]).toEqual({
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [`${id}Function`, 'Arn'] },
          Principal: 'cognito-idp.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] },
        },
      });
      const environment = (template.Resources[`${id}Function`]?.Properties?.Environment ?? {}) as { Variables: Record<string, CfnValue> };
      expect(JSON.stringify(environment)).not.toMatch(/UserPool|ApiClient/);
      expect(environment.Variables).toEqual({ USER_POOL_ID: { Ref: 'AWS::NoValue' }, USER_POOL_CLIENT_ID: { Ref: 'AWS::NoValue' } });
    }
    expect(template.Resources.ReconcileDirectoryFunction?.Properties?.Events).toEqual({
      Schedule: { Type: 'ScheduleV2', Properties: expect.objectContaining({ ScheduleExpression: 'rate(15 minutes)' }) },
    });
  });

  it('logs every function to one log group with a bounded retention', () => {
    expect(globals.LoggingConfig).toEqual({ LogGroup: { Ref: 'FunctionLogs' } });
    expect(template.Resources.FunctionLogs).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${AWS::StackName}' }, RetentionInDays: { Ref: 'LogRetentionDays' } },
    });
    for (const fn of functions)
      expect({ id: fn.id, logging: fn.properties.LoggingConfig }).toEqual({ id: fn.id, logging: globals.LoggingConfig });
    const logGroups = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.map(([id]) => id).sort()).toEqual(['FunctionLogs', 'HttpApiAccessLogs']);
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
      // What the layer's send helper sends on the messages table.
      const onMessagesByHelpers = Object.entries(MESSAGES_OPERATIONS_OF_HELPER).flatMap(([helper, operations]) =>
        source.includes(`${helper}(`) ? operations : [],
      );
      // What the layer's session helpers the function calls send on the accounts table.
      const onAccounts = [
        ...new Set(
          Object.entries(ACCOUNTS_OPERATIONS_OF_HELPER).flatMap(([helper, operations]) =>
            source.includes(`${helper}(`) ? operations : [],
          ),
        ),
      ];
      const helperOperations = (helpers: Record<string, string[]>) => [
        ...new Set(Object.entries(helpers).flatMap(([helper, operations]) => (source.includes(`${helper}(`) ? operations : []))),
      ];
      const onQueue = helperOperations(QUEUE_OPERATIONS_OF_HELPER);
      const sent = [...commands.map((command) => DOCUMENT_COMMANDS[command] ?? command), ...onAccounts, ...onMessagesByHelpers, ...onQueue];
      const granted = grants.map((g) => g.action);
      // The messages and accounts tables are granted separately.
      expect(
        grantedOn(ACCOUNTS_TABLE_ARN)
          .map((a) => a.split(':')[1])
          .sort(),
      ).toEqual(onAccounts.sort());
      const onMessages = [...new Set([...commands.flatMap((command) => DOCUMENT_COMMANDS[command] ?? []), ...onMessagesByHelpers])];
      expect(
        grantedOn(MESSAGES_TABLE_ARN)
          .map((a) => a.split(':')[1])
          .sort(),
      ).toEqual(onMessages.sort());
      expect(
        grantedOn(ERASURE_QUEUE_ARN)
          .map((a) => a.split(':')[1])
          .sort(),
      ).toEqual(onQueue.sort());
      // A protected route runs the session check, whose reads need this grant: every route behind the authorizer has it.
      const isProtected = routes.some((route) => route.functionId === fn.id && route.authorizer);
      expect({ protected: isProtected, checked: /\bprotectedHandler\(/.test(source) }).toEqual({
        protected: isProtected,
        checked: isProtected,
      });
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
// @authapi/shared/messages' send: one transaction of the copies and the key's record (Put) and the quota counters (Update);
// the read of a key's record for a retry that cannot be sent again.
// @authapi/shared/erasure's: reads a box by pages and deletes in batches.
const MESSAGES_OPERATIONS_OF_HELPER: Record<string, string[]> = {
  storeMessage: ['PutItem', 'UpdateItem'],
  storedSend: ['GetItem'],
  eraseUserData: ['Query', 'BatchWriteItem'],
};
const MESSAGES_TABLE_ARN = JSON.stringify({ 'Fn::GetAtt': ['MessagesTable', 'Arn'] });
const ACCOUNTS_TABLE_ARN = JSON.stringify({ 'Fn::GetAtt': ['AccountsTable', 'Arn'] });
// What each of @authapi/shared/sessions' helpers sends on the accounts table.
const ACCOUNTS_OPERATIONS_OF_HELPER: Record<string, string[]> = {
  protectedHandler: ['GetItem'],
  // @authapi/shared/directory: reads, then one transaction of puts, updates and deletes; the reconciliation scans.
  claimEmail: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
  recipientOf: ['GetItem'],
  reconcileDirectory: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Scan'],
  recordingSignIn: ['PutItem'],
  endSessions: ['UpdateItem'],
  countEmailCode: ['UpdateItem'],
  writeTombstone: ['PutItem'],
  // @authapi/shared/erasure's
  eraseUserData: ['Query', 'BatchWriteItem'],
  removeDirectoryEntries: ['DeleteItem'],
  isTombstoned: ['GetItem'],
};
// What @authapi/shared/erasure's helpers send on the erasure queue.
const QUEUE_OPERATIONS_OF_HELPER: Record<string, string[]> = { handOff: ['SendMessage'] };
const ERASURE_QUEUE_ARN = JSON.stringify({ 'Fn::GetAtt': ['ErasureQueue', 'Arn'] });
const RESOURCES_OF_SERVICE: Record<string, string[]> = {
  'cognito-idp': [JSON.stringify({ 'Fn::GetAtt': ['UserPool', 'Arn'] })],
  dynamodb: [MESSAGES_TABLE_ARN, ACCOUNTS_TABLE_ARN],
  sqs: [ERASURE_QUEUE_ARN],
};

const COGNITO_PUBLIC = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteWebAuthnCredential',
  'ForgotPassword',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GlobalSignOut',
  'InitiateAuth',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SignUp',
  'StartWebAuthnRegistration',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);
