// Builds what `sam build` builds, from the same template: one bundle per function (its esbuild
// BuildProperties) and the shared layer as nodejs/node_modules/@authapi/shared. Usage:
//   npm run build [-- --sourcemap] [-- --out DIR]        everything into build/ (default)
//   tsx scripts/build.ts --layer-only DIR                the layer only (used by `sam build`)
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { entryPointsOf, esbuildOptionsFrom } from './lib/esbuild-options.js';
import { layerPlugins, type Replacement } from './lib/layer-plugins.js';
import { functionsOf, loadTemplate, ROOT, textOf, type CfnValue, type Template } from './lib/template.js';

const LAYER_PACKAGE = '@authapi/shared';
const LAYER_ID = 'SharedLayer';

interface EsbuildFunction {
  id: string;
  codeUri: string;
  entryPoints: string[];
  options: BuildOptions;
}

export function esbuildFunctionsOf(template: Template): EsbuildFunction[] {
  return functionsOf(template)
    .filter(({ resource }) => resource.Metadata?.BuildMethod === 'esbuild')
    .map(({ id, resource, properties }) => {
      const buildProperties = (resource.Metadata?.BuildProperties ?? {}) as Record<string, CfnValue>;
      const codeUri = textOf(properties.CodeUri, `${id} CodeUri`);
      return {
        id,
        codeUri,
        entryPoints: entryPointsOf(buildProperties, textOf(properties.Handler, `${id} Handler`), join(ROOT, codeUri)),
        options: esbuildOptionsFrom(buildProperties),
      };
    });
}

/** The layer's entry points: its package.json `exports` (subpath -> TypeScript source). */
export function layerEntryPoints(): Record<string, string> {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'layers/shared/package.json'), 'utf8')) as { exports: Record<string, string> };
  return exports;
}

/** './http' -> 'http', '.' -> 'index': the file name of a subpath's bundle. */
const entryNameOf = (subpath: string): string => (subpath === '.' ? 'index' : subpath.replace(/^\.\//, ''));

/**
 * The layer is bundled with the functions' format, target and main fields (one module system across
 * the function/layer boundary). Its CommonJS dependencies (aws-xray-sdk-core) call `require`, which
 * an ES module lacks, hence the createRequire banner.
 *
 * As ES modules it is code-split: one file per entry point plus shared chunks, so a cold start loads
 * only what its entry points import, and code behind a dynamic `import()` only when used
 * (docs/performance.md). Module instances (Logger, Tracer, the AWS clients) are shared across entry
 * points. Modules its libraries load but a Lambda function never runs are replaced at build time
 * (scripts/lib/layer-plugins.ts).
 */
function layerOptions(functions: EsbuildFunction[], { sourcemap = false, replacements }: LayerBuildOptions): BuildOptions {
  const formats = new Set(functions.map((f) => f.options.format));
  if (formats.size !== 1) throw new Error(`All functions must share one esbuild Format; found ${[...formats].join(', ')}`);
  const [{ options }] = functions as [EsbuildFunction];
  const esm = options.format === 'esm';
  if (!esm && Object.keys(layerEntryPoints()).length > 1)
    throw new Error('A layer with several entry points needs Format: esm (esbuild splits ES modules only)');
  return {
    bundle: true,
    platform: 'node',
    format: options.format,
    target: options.target,
    mainFields: options.mainFields,
    minify: true,
    sourcemap,
    splitting: esm,
    plugins: layerPlugins(replacements),
    chunkNames: 'chunks/[name]-[hash]',
    ...(esm
      ? {
          banner: {
            js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
          },
        }
      : {}),
  };
}

export interface LayerBuildOptions {
  sourcemap?: boolean;
  /** In place of scripts/lib/layer-plugins.ts's REPLACEMENTS (tests). */
  replacements?: readonly Replacement[];
}

export async function buildLayer(outDir: string, functions: EsbuildFunction[], options: LayerBuildOptions = {}): Promise<string> {
  const esbuildOptions = layerOptions(functions, options);
  const extension = esbuildOptions.format === 'esm' ? 'mjs' : 'cjs';
  const packageDir = join(outDir, 'nodejs', 'node_modules', ...LAYER_PACKAGE.split('/'));
  const entries = Object.entries(layerEntryPoints());
  rmSync(packageDir, { recursive: true, force: true });
  await build({
    ...esbuildOptions,
    entryPoints: Object.fromEntries(entries.map(([subpath, source]) => [entryNameOf(subpath), join(ROOT, 'layers/shared', source)])),
    outdir: packageDir,
    outExtension: { '.js': `.${extension}` },
    logLevel: 'warning',
  });
  const exports = Object.fromEntries(entries.map(([subpath]) => [subpath, `./${entryNameOf(subpath)}.${extension}`]));
  writeFileSync(join(packageDir, 'package.json'), `${JSON.stringify({ name: LAYER_PACKAGE, exports }, null, 2)}\n`);
  return packageDir;
}

export async function buildAll(outDir: string, options: LayerBuildOptions = {}): Promise<void> {
  const functions = esbuildFunctionsOf(loadTemplate());
  rmSync(outDir, { recursive: true, force: true });
  await Promise.all([
    buildLayer(join(outDir, LAYER_ID), functions, options),
    ...functions.map((fn) =>
      build({
        ...fn.options,
        ...(options.sourcemap ? { sourcemap: true } : {}),
        entryPoints: fn.entryPoints.map((entry) => join(ROOT, fn.codeUri, entry)),
        outdir: join(outDir, fn.id),
        logLevel: 'warning',
      }),
    ),
  ]);
  // Lets the built functions resolve the layer package the way Lambda resolves /opt/nodejs/node_modules
  // (ES modules ignore NODE_PATH outside Lambda, but do walk up to the nearest node_modules).
  symlinkSync(join(LAYER_ID, 'nodejs', 'node_modules'), join(outDir, 'node_modules'), 'dir');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'layer-only': { type: 'boolean' }, sourcemap: { type: 'boolean' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  if (values['layer-only']) {
    const [artifactsDir] = positionals;
    if (!artifactsDir) throw new Error('usage: build.ts --layer-only ARTIFACTS_DIR');
    mkdirSync(artifactsDir, { recursive: true });
    await buildLayer(resolve(artifactsDir), esbuildFunctionsOf(loadTemplate()), { sourcemap: values.sourcemap });
    return;
  }
  const outDir = resolve(values.out ?? join(ROOT, 'build'));
  await buildAll(outDir, { sourcemap: values.sourcemap });
  console.log(`built ${esbuildFunctionsOf(loadTemplate()).length} functions and the layer into ${outDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'scripts/build.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
