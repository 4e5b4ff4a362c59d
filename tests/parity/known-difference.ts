/**
 * A check of a case that a target is known not to pass, each mirrored by a row of
 * docs/cognito-parity.md. The check still runs against that target and must fail there:
 * - `differs`: the target answers otherwise than AWS documents (`answer` says how);
 * - `lacks`: the target has no such operation or cannot supply what the check needs (it answers
 *   HTTP 500, or its adapter says so). The case ends at that check.
 * A listed check that passes, or fails the other way, fails the test: the entry is wrong or stale.
 */
export interface KnownDifference {
  /** A target's name: `moto`, `emulator`. */
  target: string;
  /** The case's id. */
  case: string;
  /** The check's name, as the case gives it. */
  check: string;
  kind: 'differs' | 'lacks';
  /** What the target does instead of what AWS documents. */
  answer: string;
  /** The rest of the case needs what the target did not do: the case ends after this check. */
  endsCase?: true;
}
