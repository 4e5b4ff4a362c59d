import { readFileSync } from 'node:fs';
import { functionsOf, loadTemplate, type CfnValue, type Resource } from '../../scripts/lib/template.js';

// The alarms, the dashboard and the metrics' namespace (docs/operations.md).
const template = loadTemplate();
const resources = template.Resources;
const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
const functionIds = new Set(functionsOf(template).map((fn) => fn.id));
const propertiesOf = (r: Resource | undefined): Record<string, CfnValue> => r?.Properties ?? {};

interface MetricQuery {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: CfnValue }> }; Stat: string };
}
const queriesOf = (id: string) => (propertiesOf(resources[id]).Metrics ?? []) as unknown as MetricQuery[];
const metricsOf = (id: string) => queriesOf(id).flatMap((q) => (q.MetricStat ? [q.MetricStat.Metric] : []));
const API_DIMENSIONS = [
  { Name: 'ApiId', Value: { Ref: 'HttpApi' } },
  { Name: 'Stage', Value: '$default' },
];

describe('template.yaml: alarms, dashboard, metrics', () => {
  it("names the business metrics' namespace after the stack, for every function", () => {
    const variables = (template.Globals?.Function?.Environment as { Variables: Record<string, CfnValue> }).Variables;
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toEqual({ Ref: 'AWS::StackName' });
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('auth-api');
  });

  it('tells the AlarmEmail parameter of every alarm and its end, through a topic that exists only with an address', () => {
    expect(template.Parameters?.AlarmEmail).toMatchObject({ Type: 'String', Default: '' });
    expect(template.Conditions?.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] });
    expect(resources.AlarmTopic).toMatchObject({
      Type: 'AWS::SNS::Topic',
      Condition: 'HasAlarmEmail',
      Properties: { Subscription: [{ Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } }] },
    });
    const actions = { 'Fn::If': ['HasAlarmEmail', [{ Ref: 'AlarmTopic' }], { Ref: 'AWS::NoValue' }] };
    expect(alarms.length).toBe(6);
    for (const [id, alarm] of alarms)
      expect({ id, ...propertiesOf(alarm) }).toMatchObject({
        id,
        AlarmActions: actions,
        OKActions: actions,
        TreatMissingData: 'notBreaching',
      });
  });

  it("sums the Errors of at most 10 of the stack's functions, the four no client calls among them", () => {
    const metrics = metricsOf('FunctionErrorsAlarm');
    expect(metrics.length).toBeLessThanOrEqual(10);
    const named = metrics.map((m) => {
      expect(m).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
      return (m.Dimensions[0]?.Value as { Ref: string }).Ref;
    });
    for (const id of named) expect(functionIds).toContain(id);
    expect(named).toEqual(
      expect.arrayContaining([
        'PostAuthenticationFunction',
        'PostConfirmationFunction',
        'EraseAccountFunction',
        'ReconcileDirectoryFunction',
      ]),
    );
    expect(queriesOf('FunctionErrorsAlarm').filter((q) => q.ReturnData)).toEqual([
      expect.objectContaining({ Expression: 'SUM(FILL(METRICS(), 0))' }),
    ]);
  });

  it("watches the account's Lambda throttles, the API's 5xx rate and p99 latency, both tables' throttles and the erasure dead letters", () => {
    expect(propertiesOf(resources.FunctionThrottlesAlarm)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
    expect(propertiesOf(resources.FunctionThrottlesAlarm).Dimensions).toBeUndefined();
    expect(metricsOf('ApiServerErrorsAlarm')).toEqual([
      { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: API_DIMENSIONS },
      { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: API_DIMENSIONS },
    ]);
    expect(propertiesOf(resources.ApiLatencyAlarm)).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: API_DIMENSIONS,
      ExtendedStatistic: 'p99',
    });
    expect(metricsOf('DynamoDbThrottlesAlarm').map((m) => [m.MetricName, m.Dimensions[0]?.Value])).toEqual(
      expect.arrayContaining([
        ['ReadThrottleEvents', { Ref: 'MessagesTable' }],
        ['WriteThrottleEvents', { Ref: 'MessagesTable' }],
        ['ReadThrottleEvents', { Ref: 'AccountsTable' }],
        ['WriteThrottleEvents', { Ref: 'AccountsTable' }],
      ]),
    );
    expect(propertiesOf(resources.ErasureDeadLetterAlarm)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['ErasureDeadLetterQueue', 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('has one dashboard, valid JSON, showing every alarm and every business metric the layer counts', () => {
    const dashboards = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const [body] = (propertiesOf(dashboards[0]).DashboardBody as { 'Fn::Sub': [string, unknown] })['Fn::Sub'];
    const parsed = JSON.parse(body.replace(/\$\{[^}]+\}/g, 'x')) as { widgets: unknown[] };
    expect(parsed.widgets.length).toBeGreaterThan(0);
    for (const [id] of alarms) expect(body).toContain(`\${${id}.Arn}`);
    // The names metrics.ts may count (its Counted and Attempt types).
    const source = readFileSync('layers/shared/src/metrics.ts', 'utf8');
    const names = [...source.matchAll(/export type (?:Counted|Attempt) = ([^;]+);/g)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/'(\w+)'/g)].map((n) => n[1]),
    );
    expect(names.length).toBe(7);
    for (const name of names) expect(body).toContain(`"${name}"`);
  });
});
