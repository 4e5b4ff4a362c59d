// Layouts of the layer to compare: what a cold start loads at init and what its first invocation loads.
// `as built` is the layer as its sources are. `init` also loads at init what the sources leave to a
// dynamic `import()` (none since the send's idempotency moved into its own transaction; Powertools
// idempotency was one). `otel` traces with OpenTelemetry instead of Powertools Tracer and the X-Ray SDK
// (bench/otel/tracing.ts in place of layers/shared/src/tracing.ts; docs/tracing.md); `no-metrics` counts
// nothing (what Powertools Metrics costs; docs/operations.md). The bench builds each
// from a throwaway copy of the sources; nothing in layers/shared changes.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/template.js';

export interface Layout {
  name: string;
  description: string;
  /** Which dynamic imports of the layer's sources become static; none: the layer as built. */
  hoists?: (specifier: string) => boolean;
  /** Layer sources replaced by bench files (paths from the repository root). */
  replaces?: Record<string, string>;
  /** Built without the X-Ray SDK's and Tracer's build-time replacements (bench/build-layout.ts). */
  withoutXray?: boolean;
}

export const AS_BUILT: Layout = { name: 'as built', description: 'the layer as its sources are' };
export const AT_INIT: Layout = {
  name: 'init',
  description: 'every dynamic import() of the layer made static: loaded at init',
  hoists: () => true,
};
export const OPEN_TELEMETRY: Layout = {
  name: 'otel',
  description: 'OpenTelemetry (bench/otel/tracing.ts) instead of Powertools Tracer and the X-Ray SDK',
  replaces: { 'layers/shared/src/tracing.ts': 'bench/otel/tracing.ts' },
  withoutXray: true,
};
export const NO_METRICS: Layout = {
  name: 'no-metrics',
  description: 'the business metrics counted by a stand-in that does nothing (bench/no-metrics/metrics.ts): what Powertools Metrics costs',
  replaces: { 'layers/shared/src/metrics.ts': 'bench/no-metrics/metrics.ts' },
};

/** `import('x')` with a literal specifier, not in a type position (`typeof import('x')`). */
const DYNAMIC_IMPORT = /(?<!typeof\s*)\bimport\(\s*(['"])([^'"]+)\1\s*\)/g;

/**
 * `source` with each dynamic import that `hoists` picks replaced by a static namespace import resolved
 * at once: the module then loads with its importer, at init, and callers still get a promise of it.
 */
export function hoistDynamicImports(source: string, hoists: (specifier: string) => boolean): { source: string; hoisted: string[] } {
  const hoisted: string[] = [];
  const body = source.replace(DYNAMIC_IMPORT, (whole, _quote: string, specifier: string) => {
    if (!hoists(specifier)) return whole;
    hoisted.push(specifier);
    return `Promise.resolve(__hoisted${hoisted.length - 1})`;
  });
  const imports = hoisted.map((specifier, index) => `import * as __hoisted${index} from ${JSON.stringify(specifier)};\n`).join('');
  return { source: imports + body, hoisted };
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourcesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/**
 * Builds the functions and the layer in `layout` into `outDir`, as `npm run build` does, from a copy of
 * the sources in `workDir`. Returns the imports it made static (`file: specifier`) and the files it
 * replaced; a layout that should hoist something and finds nothing to hoist is an error (the sources have
 * moved on).
 */
export async function buildLayout(layout: Layout, workDir: string, outDir: string): Promise<string[]> {
  const { hoists, replaces, withoutXray } = layout;
  if (!hoists && !replaces) throw new Error(`${layout.name}: the layer as built needs no copy`);
  mkdirSync(workDir, { recursive: true });
  for (const entry of [
    'functions',
    'scripts',
    'layers/shared/src',
    'layers/shared/package.json',
    'template.yaml',
    'package.json',
    'tsconfig.json',
  ])
    cpSync(join(ROOT, entry), join(workDir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'layers/shared/node_modules'), join(workDir, 'layers/shared/node_modules'), 'dir');
  const hoisted: string[] = [];
  for (const file of hoists ? sourcesUnder(join(workDir, 'layers/shared/src')) : []) {
    const result = hoistDynamicImports(readFileSync(file, 'utf8'), hoists ?? (() => false));
    if (result.hoisted.length === 0) continue;
    writeFileSync(file, result.source);
    hoisted.push(...result.hoisted.map((specifier) => `${file.slice(workDir.length + 1)}: ${specifier}`));
  }
  if (hoists && hoisted.length === 0) throw new Error(`layout ${layout.name}: no dynamic import() in the layer's sources to make static`);
  for (const [source, replacement] of Object.entries(replaces ?? {})) {
    cpSync(join(ROOT, replacement), join(workDir, source));
    hoisted.push(`${source}: replaced by ${replacement}`);
  }
  const build = [join(ROOT, 'bench/build-layout.ts'), '--out', outDir, ...(withoutXray ? ['--without-xray'] : [])];
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/.bin/tsx'), ...build], {
      cwd: workDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`building layout ${layout.name}: exit ${code}\n${errors}`))));
  });
  return hoisted;
}
