import { localContext } from '../../../local/stack.js';
import type { LocalFunction } from '../../../local/lambda.js';
import { rateMs, schedulesOf, startSchedules } from '../../../local/schedules.js';

describe('local schedules', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(15 minutes)', 900_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(0 minutes)', undefined],
    ['cron(0 12 * * ? *)', undefined],
    ['at(2026-12-07T18:00:00)', undefined],
  ])('reads %s as %p ms', (expression, expected) => {
    expect(rateMs(expression)).toBe(expected);
  });

  it("finds the template's schedules: the directory reconciliation every 15 minutes", () => {
    const ctx = localContext({ stackName: 'test', region: 'us-east-1', parameters: {} });
    expect(schedulesOf(ctx)).toEqual([{ functionId: 'ReconcileDirectoryFunction', expression: 'rate(15 minutes)', everyMs: 900_000 }]);
  });

  it('invokes the function with a Scheduled Event once a period, from one period after the start, until stopped', async () => {
    jest.useFakeTimers();
    try {
      const ctx = localContext({ stackName: 'test', region: 'us-east-1', parameters: {} });
      const invoke = jest.fn().mockResolvedValue({ ok: true, payload: {} });
      const functions = new Map([['ReconcileDirectoryFunction', { invoke } as unknown as LocalFunction]]);
      const stop = startSchedules(ctx, functions, () => undefined);
      await jest.advanceTimersByTimeAsync(899_000);
      expect(invoke).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(invoke).toHaveBeenCalledWith(expect.objectContaining({ 'detail-type': 'Scheduled Event', source: 'aws.events' }));
      await jest.advanceTimersByTimeAsync(900_000);
      expect(invoke).toHaveBeenCalledTimes(2);
      stop();
      await jest.advanceTimersByTimeAsync(1_800_000);
      expect(invoke).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
