// `@authapi/shared/metrics`: the API's business metrics (docs/operations.md), and the one module that uses
// Powertools Metrics. Each count is one line of CloudWatch's embedded metric format on stdout, which
// CloudWatch Logs turns into a metric: no PutMetricData call, no permission for it.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { toProblem } from './http/aws-errors.js';

// Namespace (the stack's name) and the `service` dimension come from the template's Globals:
// POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME.
const metrics = new Metrics();

/** What is counted once each time it happens. */
export type Counted = 'SignUps' | 'SignOuts' | 'MessagesSent' | 'SendQuotaRefusals' | 'CognitoSignIns';
/** Attempts counted by outcome (the `outcome` dimension). */
export type Attempt = 'SignIns' | 'ChallengesAnswered';
export type Outcome = 'success' | 'challenge' | 'failure';

/**
 * Publishes one count at once: a function counts one thing or two per request, so there is nothing to
 * batch, and no middleware has to flush at the end of every invocation (or be forgotten on a new function).
 */
function publish(name: Counted | Attempt, outcome?: Outcome): void {
  if (outcome) metrics.addDimension('outcome', outcome);
  metrics.addMetric(name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

export const count = (name: Counted): void => publish(name);

/**
 * Runs an authenticating attempt and counts its outcome: tokens (success), a further challenge, or a
 * refusal the client is told of (a 4xx: wrong password, code or session, lockout). An upstream failure
 * (5xx) is no outcome of the user's attempt: the API's 5xx alarm counts it.
 */
export async function countingOutcome<T extends object>(name: Attempt, attempt: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await attempt();
  } catch (error) {
    if (toProblem(error).status < 500) publish(name, 'failure');
    throw error;
  }
  publish(name, 'challenge' in result ? 'challenge' : 'success');
  return result;
}
