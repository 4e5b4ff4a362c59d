import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayout, hoistDynamicImports } from '../../../bench/layouts.js';

describe('bench: layouts of the layer', () => {
  it('makes the chosen dynamic imports static, resolved at once, and leaves the others', () => {
    const source = [
      "import { loadOnce } from './load-once.js';",
      "export const cognitoSdk = loadOnce(() => import('./sdk.js'));",
      'export const engine = async () => Promise.all([import("@aws-lambda-powertools/idempotency"), import(\'./later.js\')]);',
    ].join('\n');
    const { source: hoisted, hoisted: specifiers } = hoistDynamicImports(source, (specifier) => specifier !== './later.js');
    expect(specifiers).toEqual(['./sdk.js', '@aws-lambda-powertools/idempotency']);
    expect(hoisted.split('\n')).toEqual([
      'import * as __hoisted0 from "./sdk.js";',
      'import * as __hoisted1 from "@aws-lambda-powertools/idempotency";',
      "import { loadOnce } from './load-once.js';",
      'export const cognitoSdk = loadOnce(() => Promise.resolve(__hoisted0));',
      "export const engine = async () => Promise.all([Promise.resolve(__hoisted1), import('./later.js')]);",
    ]);
  });

  it('leaves type positions and computed specifiers alone', () => {
    const source = "type Sdk = typeof import('./sdk.js');\nconst load = (name: string) => import(name);";
    expect(hoistDynamicImports(source, () => true)).toEqual({ source, hoisted: [] });
  });

  it('fails when a layout finds nothing to make static in the layer (the sources moved on)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-layout-test-'));
    try {
      await expect(
        buildLayout({ name: 'none', description: 'nothing', hoists: () => false }, join(dir, 'src'), join(dir, 'out')),
      ).rejects.toThrow("layout none: no dynamic import() in the layer's sources to make static");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
