// The crash test with more rounds than npm test runs, from the repository's root:
//   npx tsx tests/integration/dynamodb/run-crash-rounds.ts [rounds] (default 20)
import { crashRounds } from './crash-rounds.js';

const rounds = Number(process.argv[2] ?? 20);
const results = await crashRounds(rounds, console.log);
const failed = results.filter((r) => r.half > 0 || r.lost > 0).length;
const total = (key: 'acknowledged' | 'half' | 'lost') => results.reduce((sum, r) => sum + r[key], 0);
console.log(
  `${rounds} kills: ${failed} rounds with a half-applied or lost transaction; acknowledged ${total('acknowledged')}, ` +
    `half-applied ${total('half')}, acknowledged lost ${total('lost')}, ` +
    `restarts that undid an interrupted transaction ${results.filter((r) => r.undidOne).length}`,
);
process.exitCode = failed > 0 ? 1 : 0;
