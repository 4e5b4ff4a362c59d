// Builds the browser app (app/): one ES module bundle of app/src/main.ts with the project's esbuild, next to the
// page and its style sheet. Usage: tsx scripts/build-app.ts [--out DIR] (default build/app); npm start runs it.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { ROOT } from './lib/template.js';

const APP_DIR = join(ROOT, 'app');
/** The files the app server serves besides the bundle, copied as they are. */
export const STATIC_FILES = ['index.html', 'app.css'];

export async function buildApp(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(APP_DIR, 'src/main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    // Browsers of the last two years; top-level await and private fields need no down-levelling there.
    target: ['chrome120', 'firefox120', 'safari17'],
    // '@authapi/client' from its TypeScript sources (the package's `source` export): no client build first.
    conditions: ['source'],
    minify: true,
    sourcemap: 'linked',
    tsconfig: join(APP_DIR, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of STATIC_FILES) copyFileSync(join(APP_DIR, 'public', file), join(outDir, file));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'scripts/build-app.ts')) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = resolve(values.out ?? join(ROOT, 'build/app'));
  buildApp(outDir).then(
    () => console.log(`built the app into ${outDir}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
