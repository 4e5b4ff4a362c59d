// The handlers the functions' cold requests are compared with, built into the bench's output folder:
//   floor:       an empty handler (bench/empty-handler.mjs): what the runtime itself costs;
//   lower bound: an empty handler that makes one HTTPS request (bench/lower-bound-handler.mjs);
//   naive ESM:   the performance issue's reference (bench/naive-handler.mjs), bundled the obvious way
//                as an ES module (`mainFields: module,main`), one self-contained file, no layer;
//   SDK only:    the Cognito client and one GetUser call (bench/sdk-only-handler.mjs), bundled as
//                tightly as the layer: minified, ES module, the layer's build-time replacements;
//   SDK primed:  the same with its first call's work done at init (bench/sdk-primed-handler.mjs).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { REPLACEMENTS, replacementsPlugin } from '../scripts/lib/layer-plugins.js';
import { ROOT } from '../scripts/lib/template.js';

export interface Reference {
  id: string;
  label: string;
  file: string;
}

export const FLOOR = 'EmptyHandler';
export const LOWER_BOUND = 'LowerBound';
export const NAIVE_ESM = 'NaiveEsm';
export const SDK_ONLY = 'SdkOnly';
export const SDK_PRIMED = 'SdkPrimed';

const BENCH = join(ROOT, 'bench');
const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

function bundled(entry: string, options: BuildOptions): BuildOptions {
  return {
    entryPoints: [join(BENCH, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: ESM_REQUIRE_BANNER },
    // Powertools and the SDK are dependencies of the layer package.
    nodePaths: [join(ROOT, 'layers', 'shared', 'node_modules')],
    logLevel: 'warning',
    ...options,
  };
}

// The SDK-only references hold one SDK client and neither the X-Ray SDK nor middy: the layer's replacements
// of SDK modules apply to them, each at most as often as in the layer. A plugin per build: it counts matches.
const sdkReplacements = () =>
  replacementsPlugin(
    REPLACEMENTS.filter(
      (replacement) => !['aws-xray-sdk-core', '@aws-lambda-powertools/tracer', '@middy/core'].includes(replacement.in),
    ).map((replacement) => ({
      ...replacement,
      matches: [1, typeof replacement.matches === 'number' ? replacement.matches : replacement.matches[1]] as const,
    })),
  );

export async function buildReferences(outDir: string): Promise<Reference[]> {
  const fileOf = (id: string) => join(outDir, id, 'index.mjs');
  const copies = [
    { id: FLOOR, label: 'floor (empty handler)', source: 'empty-handler.mjs' },
    { id: LOWER_BOUND, label: 'lower bound (one HTTPS request)', source: 'lower-bound-handler.mjs' },
  ];
  for (const { id, source } of copies) {
    mkdirSync(join(outDir, id), { recursive: true });
    copyFileSync(join(BENCH, source), fileOf(id));
  }
  await Promise.all([
    build(bundled('naive-handler.mjs', { outfile: fileOf(NAIVE_ESM) })),
    build(bundled('sdk-only-handler.mjs', { outfile: fileOf(SDK_ONLY), plugins: [sdkReplacements()] })),
    build(bundled('sdk-primed-handler.mjs', { outfile: fileOf(SDK_PRIMED), plugins: [sdkReplacements()] })),
  ]);
  return [
    ...copies.map(({ id, label }) => ({ id, label, file: fileOf(id) })),
    { id: NAIVE_ESM, label: 'naive ESM reference', file: fileOf(NAIVE_ESM) },
    { id: SDK_ONLY, label: 'SDK client only', file: fileOf(SDK_ONLY) },
    { id: SDK_PRIMED, label: 'SDK client only, primed at init', file: fileOf(SDK_PRIMED) },
  ];
}
