// The client package (clients/typescript): its generated types are those openapi.yaml gives, it builds to ES modules
// with declarations that need nothing from Node, and the examples of its README compile against that build.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

jest.setTimeout(120_000);

const packageDir = join(process.cwd(), 'clients/typescript');
const distDir = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  exports: Record<'.' | './webauthn', { types: string; default: string }>;
  dependencies: Record<string, string>;
};

beforeAll(() => {
  // The package's own build (npm run build -w @authapi/client), from scratch.
  rmSync(distDir, { recursive: true, force: true });
  const tsc = join(process.cwd(), 'node_modules/typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the package does not build:\n${build.stdout}${build.stderr}`);
});

it('has the types that openapi.yaml generates (npm run generate -w @authapi/client writes them)', () => {
  const cli = join(process.cwd(), 'node_modules/openapi-typescript/bin/cli.js');
  const generated = execFileSync(process.execPath, [cli, 'openapi.yaml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  expect(readFileSync(join(packageDir, 'src/openapi.ts'), 'utf8')).toBe(generated);
});

/** The package names that the built `file` imports, and the package files it imports, transitively. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier = ''] of readFileSync(join(distDir, file), 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*'([^']+)'/g)) {
    if (specifier.startsWith('./')) for (const name of importsOf(specifier.slice(2), seen)) packages.add(name);
    else packages.add(specifier);
  }
  return packages;
}

it('builds the ES modules and declarations its package.json exports, importing nothing but its dependencies', () => {
  for (const entry of Object.values(manifest.exports))
    for (const file of [entry.types, entry.default]) expect(readdirSync(distDir)).toContain(file.replace('./dist/', ''));
  const imported = new Set(readdirSync(distDir).filter((file) => file.endsWith('.js')).flatMap((file) => [...importsOf(file)]));
  expect([...imported].sort()).toEqual(Object.keys(manifest.dependencies).sort());
});

it('keeps the browser helpers out of the main entry, and both entries import in Node', () => {
  // The main entry must not pull @simplewebauthn/browser in: Node apps and tests import it without a browser.
  expect([...importsOf('index.js')]).toEqual(['openapi-fetch']);
  expect([...importsOf('webauthn.js')]).toContain('@simplewebauthn/browser');
  const script = `const main = await import('@authapi/client'); const webauthn = await import('@authapi/client/webauthn');
    console.log(typeof main.AuthApiClient, typeof webauthn.addPasskey, typeof webauthn.signInWithPasskey)`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(output.trim()).toBe('function function function');
});

describe('README', () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) => code ?? '');

  it('starts with sign-up, sign-in and a send in under 15 lines of app code', () => {
    const [first = ''] = examples;
    expect(first).toMatch(/signUp[\s\S]*signIn[\s\S]*sendMessage/);
    expect(first.split('\n').filter((line) => line.trim() !== '').length).toBeLessThan(15);
  });

  it('has examples that compile against the built package, as a browser app would import it', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // Virtual files at the repository root resolve '@authapi/client' through node_modules, to dist/ (package.json exports).
    const files = new Map(examples.map((code, index) => [resolve(`readme-example-${index + 1}.ts`), code]));
    const options: ts.CompilerOptions = {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const disk = { fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host), getSourceFile: host.getSourceFile.bind(host) };
    host.fileExists = (name) => files.has(name) || disk.fileExists(name);
    host.readFile = (name) => files.get(name) ?? disk.readFile(name);
    host.getSourceFile = (name, version, ...rest) => {
      const code = files.get(name);
      return code !== undefined ? ts.createSourceFile(name, code, version) : disk.getSourceFile(name, version, ...rest);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.split('/').pop()}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
