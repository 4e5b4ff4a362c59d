// Builds the reference handler (bench/naive-handler.mjs) as the performance issue did: as CommonJS
// with esbuild's default main fields (what `sam build` makes without BuildProperties), and as an ES
// module with `mainFields: module,main`. One self-contained file each, no layer.
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { ROOT } from '../scripts/lib/template.js';

export interface NaiveBuild {
  id: string;
  label: string;
  file: string;
}

export async function buildNaive(outDir: string): Promise<NaiveBuild[]> {
  const common: BuildOptions = {
    entryPoints: [join(ROOT, 'bench', 'naive-handler.mjs')],
    bundle: true,
    platform: 'node',
    minify: true,
    // Powertools is a dependency of the layer package only.
    nodePaths: [join(ROOT, 'layers', 'shared', 'node_modules')],
    logLevel: 'warning',
  };
  const builds: Array<NaiveBuild & { options: BuildOptions }> = [
    {
      id: 'NaiveCjs',
      label: 'naive CJS (default main fields)',
      file: join(outDir, 'NaiveCjs', 'index.cjs'),
      options: { format: 'cjs', target: 'es2020' },
    },
    {
      id: 'NaiveEsm',
      label: 'naive ESM (mainFields module,main)',
      file: join(outDir, 'NaiveEsm', 'index.mjs'),
      options: {
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      },
    },
  ];
  await Promise.all(builds.map(({ file, options }) => build({ ...common, ...options, outfile: file })));
  return builds.map(({ id, label, file }) => ({ id, label, file }));
}
