import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryPointsOf, esbuildOptionsFrom } from '../../../scripts/lib/esbuild-options.js';

describe('esbuildOptionsFrom (sam build defaults)', () => {
  it('minifies, writes no source map, and targets es2020 as CommonJS unless told otherwise', () => {
    expect(esbuildOptionsFrom({})).toMatchObject({ minify: true, sourcemap: false, target: 'es2020', format: 'cjs' });
    expect(esbuildOptionsFrom({ Minify: false, Sourcemap: true, Target: 'node24', Format: 'esm' })).toMatchObject({
      minify: false,
      sourcemap: true,
      target: 'node24',
      format: 'esm',
    });
  });
});

describe('entryPointsOf (sam build entry points)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-api-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const codeDir = (files: string[]) => {
    const code = mkdtempSync(join(dir, 'code-'));
    for (const file of files) {
      mkdirSync(join(code, file, '..'), { recursive: true });
      writeFileSync(join(code, file), '');
    }
    return code;
  };

  it("takes the Handler's file, as TypeScript before JavaScript, when BuildProperties name none", () => {
    expect(entryPointsOf({}, 'index.handler', codeDir(['index.ts', 'index.js']))).toEqual(['index.ts']);
    expect(entryPointsOf({}, 'src/app.handler', codeDir(['src/app.js']))).toEqual(['src/app.js']);
  });

  it('takes EntryPoints when given', () => {
    expect(entryPointsOf({ EntryPoints: ['main.ts'] }, 'index.handler', codeDir(['main.ts']))).toEqual(['main.ts']);
  });

  it('fails on an entry point that does not exist', () => {
    expect(() => entryPointsOf({}, 'index.handler', codeDir(['other.ts']))).toThrow(/entry point .*index does not exist/);
  });
});
