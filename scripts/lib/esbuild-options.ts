import type { BuildOptions } from 'esbuild';
import { textOf, type CfnValue } from './template.js';

/**
 * The esbuild options `sam build` derives from a function's `Metadata.BuildProperties`, mirroring
 * aws-lambda-builders (nodejs_npm_esbuild/esbuild.py): --bundle --platform=node, and target es2020,
 * format cjs and minify unless the template says otherwise.
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
