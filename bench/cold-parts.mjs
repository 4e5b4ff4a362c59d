// Two parts of a cold start, timed in a fresh Node process (run with --experimental-vm-modules):
// importing the Node built-in modules the start loads, in the order it loads them, then V8 compiling
// the JavaScript files it loads (parsed and compiled, not linked or run). The bench subtracts both
// from the time over the floor; what remains is resolving, linking and running the modules.
import { readFileSync, writeSync } from 'node:fs';
import { SourceTextModule } from 'node:vm';

const { builtins, files } = JSON.parse(process.argv[2]);
const sources = files.map((file) => readFileSync(file, 'utf8'));
new SourceTextModule('export default 0;'); // the first module compiled sets up what every later one reuses

const start = performance.now();
for (const name of builtins) await import(`node:${name}`);
const builtinsLoaded = performance.now();
sources.forEach((source, index) => new SourceTextModule(source, { identifier: files[index] }));
const compiled = performance.now();

writeSync(3, JSON.stringify({ builtinsMs: builtinsLoaded - start, compileMs: compiled - builtinsLoaded }));
process.exit(0);
