// Bench only: layers/shared/src/metrics.ts with the same exports and no Powertools Metrics, counting nothing.
// The bench's `no-metrics` layout builds the layer with it, to measure what the business metrics cost.
export type Counted = 'SignUps' | 'SignOuts' | 'MessagesSent' | 'SendQuotaRefusals' | 'CognitoSignIns';
export type Attempt = 'SignIns' | 'ChallengesAnswered';

export const count = (_name: Counted): void => undefined;

export const countingOutcome = <T extends object>(_name: Attempt, attempt: () => Promise<T>): Promise<T> => attempt();
