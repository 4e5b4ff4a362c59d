// The template's EventBridge schedules (a function's Schedule or ScheduleV2 event with a rate expression):
// npm start invokes the function at that rate with a Scheduled Event, as EventBridge would, the first time
// one period after the start. Cron expressions are not run locally (logged at start).
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#rate-based
import { randomUUID } from 'node:crypto';
import { functionsOf, textOf, type CfnValue } from '../scripts/lib/template.js';
import type { LocalFunction } from './lambda.js';
import { resolveValue, type ResolveContext } from './resolve.js';

export interface LocalSchedule {
  functionId: string;
  expression: string;
  /** The period in ms; undefined for what is not run locally. */
  everyMs?: number;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** rate(<value> <unit>) in ms, or undefined for another expression (cron(...), at(...)). */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = UNIT_MS[(match[2] ?? '').replace(/s$/, '')] ?? 0;
  return value >= 1 ? value * unit : undefined;
}

/** Every Schedule / ScheduleV2 event of the template's functions. */
export function schedulesOf(ctx: ResolveContext): LocalSchedule[] {
  return functionsOf(ctx.template).flatMap(({ id, properties }) =>
    Object.values((properties.Events ?? {}) as Record<string, { Type: string; Properties?: Record<string, CfnValue> }>)
      .filter((event) => event.Type === 'Schedule' || event.Type === 'ScheduleV2')
      .map((event) => {
        const key = event.Type === 'Schedule' ? 'Schedule' : 'ScheduleExpression';
        const expression = textOf(resolveValue(ctx, event.Properties?.[key] ?? ''), `${id} schedule`);
        const everyMs = rateMs(expression);
        return { functionId: id, expression, ...(everyMs ? { everyMs } : {}) };
      }),
  );
}

/** The event EventBridge sends a scheduled target. */
const scheduledEvent = (ctx: ResolveContext) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: ctx.accountId,
  time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: ctx.region,
  resources: [],
  detail: {},
});

/** Starts the schedules; the returned function stops them. A run still going when the next is due is not doubled. */
export function startSchedules(ctx: ResolveContext, functions: Map<string, LocalFunction>, log: (line: string) => void): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const { functionId, expression, everyMs } of schedulesOf(ctx)) {
    const fn = functions.get(functionId);
    if (!fn || !everyMs) {
      log(`[schedule] ${functionId} ${expression}: not run locally (only rate expressions are); use npm run invoke`);
      continue;
    }
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void fn
        .invoke(scheduledEvent(ctx))
        .then((result) => log(`[schedule] ${functionId}: ${result.ok ? 'done' : `failed: ${result.error.errorMessage}`}`))
        .finally(() => (running = false));
    }, everyMs);
    timer.unref();
    timers.push(timer);
  }
  return () => timers.forEach((timer) => clearInterval(timer));
}
