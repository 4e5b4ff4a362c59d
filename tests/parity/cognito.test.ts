// The parity suite: every case against every target (tests/parity/targets.ts).
import { parityCases } from './cases/index.js';
import { describeParity } from './harness.js';
import { knownDifferences } from './known-differences.js';
import { motoLacks } from './moto-lacks.js';
import { moto } from './targets/moto.js';
import { targets } from './targets.js';

jest.setTimeout(60_000);

// moto also shows, each run, that it still lacks what docs/cognito-parity.md says it lacks.
const motoProbes = motoLacks.map((lack) => ({ title: `moto lacks: ${lack.behaviour} (${lack.doc})`, run: lack.probe }));

for (const target of targets) describeParity(target, parityCases, knownDifferences, target.name === moto.name ? motoProbes : []);
