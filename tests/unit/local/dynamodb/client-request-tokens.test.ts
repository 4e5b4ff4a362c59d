import { ClientRequestTokens } from '../../../../local/dynamodb/client-request-tokens.js';
import { errorName, ok, serviceError, type Answer } from '../../../../local/dynamodb/wire.js';

function counting(answer: Answer = ok()) {
  const calls = { count: 0 };
  const transaction = async () => {
    calls.count += 1;
    return answer;
  };
  return { calls, transaction };
}

it('runs every transaction without a token', async () => {
  const tokens = new ClientRequestTokens();
  const { calls, transaction } = counting();
  await tokens.run(undefined, 'request', transaction);
  await tokens.run(undefined, 'request', transaction);
  expect(calls.count).toBe(2);
});

it('runs a transaction once per token for 10 minutes after it completed, then again', async () => {
  let now = 0;
  const tokens = new ClientRequestTokens(() => now);
  const { calls, transaction } = counting();
  await tokens.run('t', 'request', transaction);
  now = 10 * 60 * 1000;
  expect(await tokens.run('t', 'request', transaction)).toEqual(ok());
  expect(calls.count).toBe(1);
  now += 1;
  await tokens.run('t', 'request', transaction);
  expect(calls.count).toBe(2);
});

it('refuses the token with another request, and while its first transaction runs', async () => {
  const tokens = new ClientRequestTokens();
  let finish = () => undefined as void;
  const first = tokens.run('t', 'request', () => new Promise<Answer>((resolve) => (finish = () => resolve(ok()))));
  expect(errorName(await tokens.run('t', 'request', counting().transaction))).toBe('TransactionInProgressException');
  finish();
  await first;
  expect(errorName(await tokens.run('t', 'another request', counting().transaction))).toBe('IdempotentParameterMismatchException');
});

it('forgets the token of a cancelled transaction, which then runs again', async () => {
  const tokens = new ClientRequestTokens();
  const { calls, transaction } = counting(serviceError('TransactionCanceledException', 'cancelled'));
  await tokens.run('t', 'request', transaction);
  await tokens.run('t', 'request', transaction);
  expect(calls.count).toBe(2);
});
