import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayer, esbuildFunctionsOf } from '../../scripts/build.js';
import { REPLACEMENTS, type Replacement } from '../../scripts/lib/layer-plugins.js';
import { loadTemplate } from '../../scripts/lib/template.js';

// The layer's build replaces modules inside third-party packages by their private paths
// (scripts/lib/layer-plugins.ts). An upgrade that moves one must fail the build, not silently ship
// the module again.

const functions = esbuildFunctionsOf(loadTemplate());

/** REPLACEMENTS with the one named changed. */
const altered = (name: string, change: Partial<Replacement>): Replacement[] => {
  expect(REPLACEMENTS.map((replacement) => replacement.name)).toContain(name);
  return REPLACEMENTS.map((replacement) => (replacement.name === name ? { ...replacement, ...change } : replacement));
};

describe('the layer build with its module replacements', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'auth-api-replacements-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('fails, naming the package and the replacement, when a replacement matches no import', async () => {
    const replacements = altered('X-Ray SDK: samplers', { filter: /^\.\/sampling\/renamed_sampler$/ });
    await expect(buildLayer(join(outDir, 'moved'), functions, { replacements })).rejects.toThrow(
      /X-Ray SDK: samplers.*aws-xray-sdk-core.*matched 0 imports, expected 2/s,
    );
  }, 60_000);

  it('fails, naming the package and the replacement, when a replacement matches more imports than expected', async () => {
    const replacements = altered('@middy/core: response streaming modules', { matches: [1, 2] });
    await expect(buildLayer(join(outDir, 'more'), functions, { replacements })).rejects.toThrow(
      /@middy\/core: response streaming modules.*@middy\/core.*matched 3 imports, expected 1 to 2/s,
    );
  }, 60_000);

  it('builds when every replacement matches what it expects', async () => {
    await expect(buildLayer(join(outDir, 'as-is'), functions)).resolves.toContain(join('nodejs', 'node_modules', '@authapi', 'shared'));
  }, 60_000);
});
