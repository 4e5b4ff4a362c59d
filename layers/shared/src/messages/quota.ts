// Send quotas (template: SendRateLimitPerMinute, SendLimitPerDay, MachineSendRateLimitPerMinute,
// MachineSendLimitPerDay): a counter per sender and window, USER#<sender>#QUOTA / MINUTE#<start> or
// DAY#<date>, raised in the send's own transaction under the condition that it is below the limit.

export interface QuotaWindow {
  /** The counter's sort key: the window's kind and start (UTC). */
  sk: string;
  limit: number;
  /** Epoch ms when the window ends. */
  endsAt: number;
}

function positiveInteger(name: string): number {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export const quotaKey = (senderSub: string, sk: string) => ({ pk: `USER#${senderSub}#QUOTA`, sk });

/** The minute and the day `now` falls in, with the sender's limits (read at call time so tests can set them). */
export function quotaWindows(now: number, machine: boolean): QuotaWindow[] {
  const prefix = machine ? 'MACHINE_' : '';
  const minuteStart = now - (now % 60_000);
  const dayStart = now - (now % 86_400_000);
  return [
    {
      sk: `MINUTE#${new Date(minuteStart).toISOString().slice(0, 16)}`,
      limit: positiveInteger(`${prefix}SEND_RATE_LIMIT_PER_MINUTE`),
      endsAt: minuteStart + 60_000,
    },
    {
      sk: `DAY#${new Date(dayStart).toISOString().slice(0, 10)}`,
      limit: positiveInteger(`${prefix}SEND_LIMIT_PER_DAY`),
      endsAt: dayStart + 86_400_000,
    },
  ];
}

/** Whole seconds until the window ends (at least 1), for `retry-after`. */
export const secondsUntil = (endsAt: number, now: number): number => Math.max(1, Math.ceil((endsAt - now) / 1000));
