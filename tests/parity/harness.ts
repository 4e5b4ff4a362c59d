// Runs every parity case against a target. Each case is a scenario of named checks; a check that
// the known-differences list names for the target must fail there (proving the listed difference
// is still real), every other check must pass. PARITY_STRICT=1 ignores the list; PARITY_REPORT=<file>
// appends every failing check to the file as a JSON line (to see where a target stands).
import { appendFileSync } from 'node:fs';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { KnownDifference } from './known-difference.js';
import { TargetLacks, type ParityTarget, type RunningTarget } from './target.js';

export interface CaseContext {
  target: RunningTarget;
  cognito: CognitoIdentityProviderClient;
  /** One expectation of the case, by a name the known-differences list can refer to. */
  check: (name: string, expectation: () => unknown) => Promise<void>;
}

export interface ParityCase {
  /** `area/behaviour`, unique. */
  id: string;
  /** The AWS behaviour the case checks. */
  title: string;
  /** The AWS documentation page (or, where the docs are silent, the public report) it follows. */
  doc: string;
  run: (t: CaseContext) => Promise<void>;
}

const STRICT = process.env.PARITY_STRICT === '1';
const REPORT = process.env.PARITY_REPORT;

/** Thrown by a `lacks` check: the rest of the case needs what the target lacks. */
class CaseEnded extends Error {}

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

/** The target answered that it has no such operation (HTTP 500, as moto_server does), or cannot supply it. */
export const isLack = (error: unknown) => error instanceof TargetLacks || statusOf(error) === 500;

export const describeError = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const status = statusOf(error);
  return `${error.name}${status ? ` (HTTP ${status})` : ''}: ${error.message}`.replace(/\s+/g, ' ').slice(0, 600);
};

async function runCase(target: RunningTarget, parityCase: ParityCase, listed: KnownDifference[], used: Set<KnownDifference>) {
  const failures: string[] = [];
  const cognito = target.client();
  const check = async (name: string, expectation: () => unknown) => {
    let error: unknown;
    try {
      await expectation();
    } catch (thrown) {
      error = thrown ?? new Error(`${name} threw ${String(thrown)}`);
    }
    const known = STRICT ? undefined : listed.find((entry) => entry.check === name);
    if (REPORT && error !== undefined) {
      appendFileSync(REPORT, `${JSON.stringify({ target: target.name, case: parityCase.id, check: name, error: describeError(error) })}\n`);
    }
    if (!known) {
      if (error !== undefined) failures.push(`${name}: ${describeError(error)}`);
      return;
    }
    used.add(known);
    if (error === undefined) {
      failures.push(
        `${name}: listed in known-differences.ts (${known.answer}) but ${target.name} now passes it: remove the entry and its row in docs/cognito-parity.md`,
      );
    } else if (known.kind === 'lacks') {
      if (!isLack(error)) failures.push(`${name}: listed as lacking (${known.answer}) but failed otherwise: ${describeError(error)}`);
      throw new CaseEnded();
    } else {
      // A listed difference is an answer the target gives, not an operation it lacks (that is `lacks`).
      if (isLack(error)) failures.push(`${name}: listed as differing (${known.answer}) but the target lacks it: ${describeError(error)}`);
      if (known.endsCase) throw new CaseEnded();
    }
  };
  try {
    await parityCase.run({ target, cognito, check });
  } catch (error) {
    if (!(error instanceof CaseEnded)) failures.push(`outside any check: ${describeError(error)}`);
  } finally {
    cognito.destroy();
  }
  if (failures.length) throw new Error(`${parityCase.id} against ${target.name} (${parityCase.doc}):\n- ${failures.join('\n- ')}`);
}

/** A test of the target alone (not a parity case), e.g. that moto still lacks a behaviour. */
export interface TargetProbe {
  title: string;
  run: (t: Omit<CaseContext, 'check'>) => Promise<void>;
}

/**
 * One describe block per target: starts it, runs every case (and the target's own probes), stops it,
 * and reports stale entries of the list.
 */
export function describeParity(
  target: ParityTarget,
  cases: ParityCase[],
  knownDifferences: KnownDifference[],
  probes: TargetProbe[] = [],
): void {
  describe(`Cognito parity: ${target.name}`, () => {
    let running: RunningTarget | undefined;
    const used = new Set<KnownDifference>();
    const ran = new Set<string>();
    const listedFor = (caseId: string) => knownDifferences.filter((entry) => entry.target === target.name && entry.case === caseId);

    beforeAll(async () => {
      running = await target.start();
    });
    afterAll(async () => {
      await running?.stop();
      const stale = knownDifferences.filter((entry) => entry.target === target.name && ran.has(entry.case) && !used.has(entry));
      if (!STRICT && stale.length) {
        throw new Error(
          `known-differences.ts names checks no case ran: ${stale.map((entry) => `${entry.case} › ${entry.check}`).join(', ')}`,
        );
      }
    });

    for (const parityCase of cases) {
      const known = listedFor(parityCase.id);
      const note =
        STRICT || !known.length ? '' : ` [${known.length} known difference${known.length > 1 ? 's' : ''}: docs/cognito-parity.md]`;
      it(`${parityCase.id}: ${parityCase.title}${note}`, async () => {
        if (!running) throw new Error(`${target.name} did not start`);
        ran.add(parityCase.id);
        await runCase(running, parityCase, known, used);
      });
    }
    for (const probe of probes) {
      it(probe.title, async () => {
        if (!running) throw new Error(`${target.name} did not start`);
        const cognito = running.client();
        try {
          await probe.run({ target: running, cognito });
        } finally {
          cognito.destroy();
        }
      });
    }
  });
}
