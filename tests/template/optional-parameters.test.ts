// The template rendered as CloudFormation would with the optional parameters unset and set (custom domain, SES,
// the execute-api URL): which resources and outputs exist, their resolved properties, and the rules that refuse
// meaningless combinations. The conditions and intrinsics are evaluated by the local stack's resolver.
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { conditionHolds, resolvedProperties, resolveValue, type LocalResource, type ResolveContext } from '../../local/resolve.js';
import { functionsOf, loadTemplate, type CfnValue } from '../../scripts/lib/template.js';

const template = loadTemplate();

const DOMAIN = {
  CustomDomainName: 'api.example.com',
  CustomDomainCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666',
};
const SES = { SesEmailIdentityArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com' };
const EVERY_OPTION = {
  ...DOMAIN,
  ...SES,
  CustomDomainHostedZoneId: 'Z0123456789ABCDEFGHIJ',
  DisableExecuteApiEndpoint: 'true',
  SesFromAddress: 'Example <no-reply@example.com>',
  SesConfigurationSet: 'auth-api',
};
const DOMAIN_RESOURCES = ['ApiDomainName', 'ApiDomainMapping', 'ApiDomainRecordIpv4', 'ApiDomainRecordIpv6'];

/** A stand-in for every resource: its !Ref is its logical id, !GetAtt X.Y is "X.Y". */
function standIns(): Record<string, LocalResource> {
  const ids = [...Object.keys(template.Resources), 'HttpApi.Stage'];
  return Object.fromEntries(
    ids.map((id) => [id, { ref: id, attributes: new Proxy({}, { get: (_target, attribute) => `${id}.${String(attribute)}` }) }]),
  );
}

function render(parameters: Record<string, string>) {
  const ctx: ResolveContext = {
    template,
    stackName: 'auth',
    region: 'eu-west-1',
    accountId: '123456789012',
    parameters,
    resources: standIns(),
  };
  // CloudFormation evaluates every condition, and with it every parameter they read.
  const holds = Object.fromEntries(Object.keys(template.Conditions ?? {}).map((name) => [name, conditionHolds(ctx, name)]));
  const exists = (condition: string | undefined) => condition === undefined || holds[condition] === true;
  const resources = Object.keys(template.Resources).filter((id) => exists(template.Resources[id]?.Condition));
  const outputs = Object.fromEntries(
    Object.entries(template.Outputs ?? {})
      .filter(([, output]) => exists(output.Condition))
      .map(([name, output]) => [name, resolveValue(ctx, output.Value)]),
  );
  const refusedBy = Object.entries(template.Rules ?? {})
    .filter(([, rule]) => rule.RuleCondition === undefined || resolveValue(ctx, rule.RuleCondition) === true)
    .filter(([, rule]) => rule.Assertions.some((assertion) => resolveValue(ctx, assertion.Assert) !== true))
    .map(([name]) => name);
  return { resources, outputs, refusedBy, properties: (id: string) => resolvedProperties(ctx, id) };
}

describe('template.yaml with and without the optional parameters', () => {
  it('without them: no custom domain, the execute-api URL on, Cognito sending the emails, no rule refusing', () => {
    const stack = render({});
    expect(stack.resources.filter((id) => DOMAIN_RESOURCES.includes(id))).toEqual([]);
    expect(stack.properties('HttpApi').DisableExecuteApiEndpoint).toBe(false);
    expect(stack.properties('UserPool').EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
    expect(stack.outputs.ApiUrl).toBe('https://HttpApi.execute-api.eu-west-1.amazonaws.com');
    expect(stack.outputs.ExecuteApiUrl).toBe(stack.outputs.ApiUrl);
    expect(stack.outputs).not.toHaveProperty('CustomDomainTarget');
    expect(stack.refusedBy).toEqual([]);
  });

  it('with all of them: the domain mapped to the API, A and AAAA aliases, the execute-api URL off, SES sending', () => {
    const stack = render(EVERY_OPTION);
    expect(stack.resources).toEqual(expect.arrayContaining(DOMAIN_RESOURCES));
    expect(stack.properties('ApiDomainName')).toEqual({
      DomainName: 'api.example.com',
      DomainNameConfigurations: [
        {
          CertificateArn: DOMAIN.CustomDomainCertificateArn,
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
          IpAddressType: 'dualstack',
        },
      ],
    });
    expect(stack.properties('ApiDomainMapping')).toEqual({ DomainName: 'ApiDomainName', ApiId: 'HttpApi', Stage: 'HttpApi.Stage' });
    for (const [id, type] of [
      ['ApiDomainRecordIpv4', 'A'],
      ['ApiDomainRecordIpv6', 'AAAA'],
    ] as const)
      expect(stack.properties(id)).toEqual({
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        Name: 'api.example.com',
        Type: type,
        AliasTarget: { DNSName: 'ApiDomainName.RegionalDomainName', HostedZoneId: 'ApiDomainName.RegionalHostedZoneId' },
      });
    expect(stack.properties('HttpApi').DisableExecuteApiEndpoint).toBe(true);
    expect(stack.properties('UserPool').EmailConfiguration).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: SES.SesEmailIdentityArn,
      From: 'Example <no-reply@example.com>',
      ConfigurationSet: 'auth-api',
    });
    expect(stack.outputs.ApiUrl).toBe('https://api.example.com');
    expect(stack.outputs).not.toHaveProperty('ExecuteApiUrl');
    expect(stack.outputs.CustomDomainTarget).toBe('ApiDomainName.RegionalDomainName');
    expect(stack.refusedBy).toEqual([]);
  });

  it('with a domain but no hosted zone or SES extras: no DNS records, the target to point at, SES with its defaults', () => {
    const stack = render({ ...DOMAIN, ...SES });
    expect(stack.resources.filter((id) => DOMAIN_RESOURCES.includes(id))).toEqual(['ApiDomainName', 'ApiDomainMapping']);
    expect(stack.outputs.CustomDomainTarget).toBe('ApiDomainName.RegionalDomainName');
    expect(stack.outputs.ExecuteApiUrl).toBe('https://HttpApi.execute-api.eu-west-1.amazonaws.com');
    expect(stack.properties('HttpApi').DisableExecuteApiEndpoint).toBe(false);
    expect(stack.properties('UserPool').EmailConfiguration).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: SES.SesEmailIdentityArn,
    });
    expect(stack.refusedBy).toEqual([]);
  });

  it.each([
    [{ DisableExecuteApiEndpoint: 'true' }, 'CustomDomainSettingsNeedCustomDomain'],
    [{ CustomDomainHostedZoneId: 'Z0123456789ABCDEFGHIJ' }, 'CustomDomainSettingsNeedCustomDomain'],
    [{ CustomDomainCertificateArn: DOMAIN.CustomDomainCertificateArn }, 'CustomDomainSettingsNeedCustomDomain'],
    [{ CustomDomainName: 'api.example.com' }, 'CustomDomainNeedsCertificate'],
    [{ SesFromAddress: 'no-reply@example.com' }, 'SesSettingsNeedSesIdentity'],
    [{ SesConfigurationSet: 'auth-api' }, 'SesSettingsNeedSesIdentity'],
    [{ CorsAllowedOrigins: 'https://app.example.com,https://app.example.invalid' }, 'CorsOriginIsChosen'],
  ])('refuses %j (rule %s) and creates none of the domain resources for it', (parameters, rule) => {
    const stack = render(parameters);
    expect(stack.refusedBy).toEqual([rule]);
    expect(stack.resources.filter((id) => DOMAIN_RESOURCES.includes(id))).toEqual([]);
  });

  it.each([
    ['CustomDomainName', 'API.example.com'],
    ['CustomDomainCertificateArn', 'arn:aws:iam::123456789012:server-certificate/x'],
    ['CustomDomainHostedZoneId', 'example.com'],
    ['SesEmailIdentityArn', 'no-reply@example.com'],
    ['SesConfigurationSet', 'a set'],
  ])('refuses %s=%s by its pattern', (name, value) => {
    // Every optional parameter is read by a rule or a condition, so rendering meets the value.
    expect(() => render({ ...EVERY_OPTION, [name]: value })).toThrow(`Parameter ${name}=${value} breaks its AllowedPattern`);
  });
});

describe('template.yaml: the functions log into their log group only', () => {
  const boundary = template.Resources.FunctionPermissionsBoundary;
  const statements = ((boundary?.Properties?.PolicyDocument as { Statement: Array<Record<string, CfnValue>> }) ?? { Statement: [] })
    .Statement;

  it('bounds every function role, so that the managed policy grants logs actions on FunctionLogs alone', () => {
    expect(boundary?.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(template.Globals?.Function?.PermissionsBoundary).toEqual({ Ref: 'FunctionPermissionsBoundary' });
    for (const fn of functionsOf(template))
      expect({ id: fn.id, boundary: fn.properties.PermissionsBoundary }).toEqual({
        id: fn.id,
        boundary: { Ref: 'FunctionPermissionsBoundary' },
      });
    const logs = statements.filter((s) =>
      ([] as CfnValue[]).concat(s.Action ?? []).some((a) => typeof a === 'string' && a.startsWith('logs:')),
    );
    expect(logs).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['FunctionLogs', 'Arn'] },
      }),
    ]);
    expect(statements.every((s) => s.Effect === 'Allow' && s.NotAction === undefined)).toBe(true);
  });

  it("lets through every action the functions' own policies grant, and X-Ray's for Tracing: Active", () => {
    const allowed = statements.flatMap((s) => ([] as CfnValue[]).concat(s.Action ?? []).map(String));
    const covers = (action: string) => allowed.some((a) => a === action || (a.endsWith(':*') && action.startsWith(a.slice(0, -1))));
    const granted = functionsOf(template).flatMap((fn) =>
      ((fn.properties.Policies ?? []) as Array<{ Statement: Array<{ Action: string | string[] }> }>).flatMap((policy) =>
        policy.Statement.flatMap((statement) => ([] as string[]).concat(statement.Action)),
      ),
    );
    expect(granted.length).toBeGreaterThan(0);
    for (const action of [...granted, 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'])
      expect({ action, allowed: covers(action) }).toEqual({ action, allowed: true });
  });
});

describe('samconfig.toml environments', () => {
  // [env.command.parameters] tables: env -> command -> parameters.
  const config = parse(readFileSync('samconfig.toml', 'utf8')) as Record<string, Record<string, { parameters?: Record<string, unknown> }>>;
  const settings = (env: string, command: string) => config[env]?.[command]?.parameters ?? {};
  const overrides = (env: string) =>
    Object.fromEntries(
      ((settings(env, 'deploy').parameter_overrides ?? []) as string[]).map((pair) => [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ]),
    );

  it.each(['dev', 'prod'])('%s: its own stack, template parameters with values the template accepts', (env) => {
    expect(settings(env, 'global').stack_name).toBe(`serverless-auth-api-${env}`);
    expect(settings(env, 'deploy').capabilities).toBe('CAPABILITY_IAM');
    for (const name of Object.keys(overrides(env))) expect(template.Parameters).toHaveProperty(name);
    const stack = render(overrides(env));
    expect(stack.properties('UserPool').DeletionProtection).toBe(overrides(env).DeletionProtection);
  });

  it('prod: deletion protection, longer logs than dev, retained tables, and a CORS origin the deployer must set first', () => {
    const prod = overrides('prod');
    expect(prod.DeletionProtection).toBe('ACTIVE');
    expect(Number(prod.LogRetentionDays)).toBeGreaterThan(Number(overrides('dev').LogRetentionDays));
    for (const id of ['UserPool', 'MessagesTable', 'AccountsTable'])
      expect(template.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(settings('prod', 'deploy').confirm_changeset).toBe(true);
    expect(render(prod).refusedBy).toEqual(['CorsOriginIsChosen']);
    expect(render({ ...prod, CorsAllowedOrigins: 'https://app.example.com' }).refusedBy).toEqual([]);
  });
});
