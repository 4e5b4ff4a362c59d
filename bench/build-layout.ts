// Builds the functions and the layer from the sources under the current folder (a layout's throwaway copy,
// bench/layouts.ts), as `npm run build` does. --without-xray: for a layer whose tracing.ts uses neither the
// X-Ray SDK nor Powertools Tracer (bench/otel/tracing.ts), their build-time replacements are left out, and
// those that apply to any package may match more imports (OpenTelemetry's `process`, for one).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAll } from '../scripts/build.js';
import { ANY_PACKAGE, REPLACEMENTS } from '../scripts/lib/layer-plugins.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'without-xray': { type: 'boolean' } } });
if (!values.out) throw new Error('usage: build-layout.ts --out DIR [--without-xray]');
const XRAY = new Set(['aws-xray-sdk-core', '@aws-lambda-powertools/tracer']);
const withoutXray = REPLACEMENTS.filter((r) => !XRAY.has(r.in)).map((r) =>
  r.in === ANY_PACKAGE ? { ...r, matches: [typeof r.matches === 'number' ? r.matches : r.matches[0], 20] as const } : r,
);
await buildAll(resolve(values.out), values['without-xray'] ? { replacements: withoutXray } : {});
