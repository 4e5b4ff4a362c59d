import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { textOf, type CfnValue } from './template.js';

/**
 * The esbuild options `sam build` derives from a function's `Metadata.BuildProperties`, mirroring
 * aws-lambda-builders (nodejs_npm_esbuild/esbuild.py): --bundle --platform=node, and target es2020,
 * format cjs, minify and no source map unless the template says otherwise.
 */
export function esbuildOptionsFrom(properties: Record<string, CfnValue>): BuildOptions {
  const list = (key: string): string[] => ((properties[key] as string[] | undefined) ?? []).map(String);
  const pairs = (key: string): Record<string, string> =>
    Object.fromEntries(list(key).map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));
  return {
    bundle: true,
    platform: 'node',
    target: textOf(properties.Target ?? 'es2020', 'Target'),
    format: (properties.Format as 'esm' | 'cjs' | undefined) ?? 'cjs',
    minify: properties.Minify !== false,
    sourcemap: properties.Sourcemap === true,
    ...(properties.MainFields ? { mainFields: textOf(properties.MainFields, 'MainFields').split(',') } : {}),
    external: list('External'),
    outExtension: pairs('OutExtension'),
    banner: pairs('Banner'),
    loader: pairs('Loader') as BuildOptions['loader'],
  };
}

/**
 * The entry points `sam build` bundles, relative to CodeUri: BuildProperties.EntryPoints, else the
 * Handler's file ("index.handler" -> "index"); one without an extension is <name>.ts, else <name>.js
 * (samcli app_builder.py and aws-lambda-builders esbuild.py).
 */
export function entryPointsOf(properties: Record<string, CfnValue>, handler: string, codeDir: string): string[] {
  const given = ((properties.EntryPoints as CfnValue[] | undefined) ?? []).map((entry) => textOf(entry, 'EntryPoints'));
  const entries = given.length > 0 ? given : [handler.split('.')[0] ?? ''];
  return entries.map((entry) => {
    const candidates = extname(entry) ? [entry] : [`${entry}.ts`, `${entry}.js`];
    const found = candidates.find((candidate) => existsSync(join(codeDir, candidate)));
    if (!found) throw new Error(`entry point ${join(codeDir, entry)} does not exist`);
    return found;
  });
}
