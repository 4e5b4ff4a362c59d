// The parity suite: every case against every target (tests/parity/targets.ts).
import { parityCases } from './cases/index.js';
import { describeParity } from './harness.js';
import { knownDifferences } from './known-differences.js';
import { targets } from './targets.js';

jest.setTimeout(60_000);

for (const target of targets) describeParity(target, parityCases, knownDifferences);
