// esbuild plugins for the layer: modules that its libraries load on every cold start but that a
// Lambda function never runs are replaced at build time, each by a stand-in that says so if it ever
// is used (or, for the credential provider and the X-Ray context, by an equivalent that does only
// what Lambda needs). Why each one pays: docs/performance.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';
import { ROOT } from './template.js';

export interface Replacement {
  /** What the entry replaces; also names the stand-in module (and its chunk, if it gets one). */
  name: string;
  /** The package whose imports are replaced, or `any package`. */
  in: string;
  /** The import specifier, as written in the importing module. */
  filter: RegExp;
  /**
   * How many imports it replaces over the whole layer build: exactly, or [at least, at most]. Any
   * other count fails the build: the package moved or renamed what is replaced (an upgrade?).
   */
  matches: Matches;
  /** The stand-in: CommonJS or ES module source (of the specifier imported), or a file to bundle instead. */
  contents?: string | ((specifier: string) => string);
  path?: string;
}

type Matches = number | readonly [number, number];

/** Any importer, for modules replaced wherever they are imported from. */
export const ANY_PACKAGE = 'any package';

const thrower = (what: string) =>
  `function unsupported() { throw new Error(${JSON.stringify(`${what} (left out of the layer at build time: scripts/lib/layer-plugins.ts)`)}); }\n`;

export const REPLACEMENTS: readonly Replacement[] = [
  {
    // aws-xray-sdk-core loads its AWS SDK v2 patcher (`captureAWS`, `captureAWSClient`) at start-up,
    // and semver with it. The layer's clients are SDK v3, traced by tracer.captureAWSv3Client.
    name: 'X-Ray SDK: AWS SDK v2 patcher',
    in: 'aws-xray-sdk-core',
    filter: /^\.\/patchers\/aws_p$/,
    matches: 1,
    contents: `${thrower('AWS SDK v2 is not in this layer: trace SDK v3 clients with tracer.captureAWSv3Client')}module.exports = { captureAWS: unsupported, captureAWSClient: unsupported };`,
  },
  {
    // The X-Ray SDK's samplers decide whether an incoming request to an Express/Restify server is
    // traced. On Lambda the decision comes with the invocation (_X_AMZN_TRACE_ID), and the SDK
    // disables centralized sampling there; only server middleware and `setSamplingRules` use them.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
    name: 'X-Ray SDK: samplers',
    in: 'aws-xray-sdk-core',
    filter: /^\.\/sampling\/(default|local)_sampler$/,
    matches: 2,
    contents: `${thrower('X-Ray sampling rules are not used on Lambda: the sampling decision comes with the invocation')}module.exports = { shouldSample: unsupported, setLocalRules: unsupported, start: unsupported };`,
  },
  {
    // EC2, ECS and Elastic Beanstalk metadata plugins (`AWSXRay.config([...])`), loaded at start-up
    // with node:http for the EC2 metadata service. They describe hosts a Lambda function does not run on.
    name: 'X-Ray SDK: EC2/ECS/Elastic Beanstalk plugins',
    in: 'aws-xray-sdk-core',
    filter: /^\.\/segments\/plugins\/(ec2|ecs|elastic_beanstalk)_plugin$/,
    matches: 3,
    contents: `${thrower('The X-Ray EC2/ECS/Elastic Beanstalk plugins are not in this layer: a Lambda function runs on none of them')}module.exports = { getData: unsupported, originName: undefined };`,
  },
  {
    // cls-hooked, the X-Ray SDK's context, enables async_hooks for the whole process as the SDK loads.
    // The same Namespace API on Node's AsyncLocalStorage (see the module).
    name: 'X-Ray SDK: cls-hooked context',
    in: 'aws-xray-sdk-core',
    filter: /^cls-hooked\/context$/,
    matches: 1,
    path: join(ROOT, 'layers/shared/src/replacements/cls-hooked-context.ts'),
  },
  {
    // Powertools Tracer imports node:http and node:https to patch them (captureHTTPsRequests), which
    // the layer turns off (layers/shared/src/tracing.ts): loaded with TLS for nothing. The same module
    // objects, loaded when the patch, if turned on, first touches them.
    name: 'Powertools Tracer: node:http and node:https for the HTTP patch',
    in: '@aws-lambda-powertools/tracer',
    filter: /^node:https?$/,
    matches: 2,
    contents: (specifier) =>
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        `const target = () => require(${JSON.stringify(specifier)});`,
        'export default new Proxy({}, {',
        '  get: (_, key) => target()[key],',
        '  set: (_, key, value) => { target()[key] = value; return true; },',
        '  has: (_, key) => key in target(),',
        '  defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),',
        '});',
      ].join('\n'),
  },
  {
    // @middy/core imports node:stream, node:stream/promises and node:stream/web for response
    // streaming (`streamifyResponse`), which no function here uses. The same functions, loaded when
    // that code path first runs.
    name: '@middy/core: response streaming modules',
    in: '@middy/core',
    filter: /^node:stream(\/promises|\/web)?$/,
    matches: 3,
    contents: [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "export const Readable = { from: (...args) => require('node:stream').Readable.from(...args) };",
      "export const pipeline = (...args) => require('node:stream/promises').pipeline(...args);",
      "export class ReadableStream { static [Symbol.hasInstance](value) { return value instanceof require('node:stream/web').ReadableStream; } }",
    ].join('\n'),
  },
  {
    // Event-stream (de)serialisation, for operations that stream events (Transcribe, Bedrock...);
    // neither Cognito nor DynamoDB has one. Left in, code splitting would put what it shares with the
    // clients (CRC32 on node:zlib) in the chunks every SDK function loads.
    name: 'AWS SDK: event streams',
    in: '@smithy/core',
    filter: /^@smithy\/core\/event-streams$/,
    matches: 1,
    contents:
      "throw new Error('Event streams are not in this layer: its AWS clients (Cognito, DynamoDB) have no event-stream operations (left out of the layer at build time: scripts/lib/layer-plugins.ts)');",
  },
  {
    // `import { env } from 'node:process'` (the SDK's user agent) makes Node build the ES module facade
    // of the process object, which reads every property: stdin, stdout, stderr and process.report are
    // created as it loads. The same bindings from the global process object; an import of a name not
    // listed here fails the build.
    name: 'node:process as the global process',
    in: ANY_PACKAGE,
    filter: /^(node:)?process$/,
    // The SDK's user agent (@aws-sdk/core) imports it in two modules.
    matches: 2,
    contents:
      'export default process;\nexport const env = process.env;\nexport const versions = process.versions;\nexport const platform = process.platform;\nexport const arch = process.arch;',
  },
  {
    // The SDK's default credential chain: on Lambda its first link (environment variables) answers;
    // the rest, and the STS/SSO clients and protocols they bring, only cost cold starts.
    name: 'AWS SDK: default credential provider chain',
    in: ANY_PACKAGE,
    filter: /^@aws-sdk\/credential-provider-node$/,
    // Each AWS SDK client in the layer (Cognito, DynamoDB, SQS) imports it once.
    matches: 3,
    path: join(ROOT, 'layers/shared/src/replacements/credential-provider-node.ts'),
  },
];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const importedFrom = (importer: string, pkg: string) => pkg === ANY_PACKAGE || importer.includes(`/node_modules/${pkg}/`);

/** The build error for a replacement that matched `count` imports, if that is not what it expects. */
function unexpected(name: string, what: string, count: number, matches: Matches): { text: string }[] {
  if (typeof matches === 'number' ? count === matches : count >= matches[0] && count <= matches[1]) return [];
  const wanted = typeof matches === 'number' ? `${matches}` : `${matches[0]} to ${matches[1]}`;
  const text =
    `Build replacement "${name}" (${what}) matched ${count} imports, expected ${wanted}. A package upgrade moved or renamed ` +
    'what it replaces: check the package, then update or remove the replacement in scripts/lib/layer-plugins.ts.';
  return [{ text }];
}

/** The replacements as one esbuild plugin, which fails the build when one matched other than expected. */
export function replacementsPlugin(replacements: readonly Replacement[]): Plugin {
  return {
    name: 'lambda-only-replacements',
    setup(builder: PluginBuild) {
      const namespace = 'lambda-only-replacement';
      const counts = new Map<Replacement, number>();
      builder.onStart(() => counts.clear());
      replacements.forEach((replacement) => {
        builder.onResolve({ filter: replacement.filter }, (args) => {
          if (!importedFrom(args.importer, replacement.in)) return undefined;
          counts.set(replacement, (counts.get(replacement) ?? 0) + 1);
          if (replacement.path) return { path: replacement.path };
          const path =
            typeof replacement.contents === 'function' ? `${slug(replacement.name)}--${slug(args.path)}` : slug(replacement.name);
          return { path, namespace, pluginData: { resolveDir: args.resolveDir, specifier: args.path } };
        });
      });
      builder.onLoad({ filter: /.*/, namespace }, (args) => {
        const replacement = replacements.find(({ name }) => args.path.split('--')[0] === slug(name)) as Replacement;
        const { resolveDir, specifier } = args.pluginData as { resolveDir: string; specifier: string };
        const contents = typeof replacement.contents === 'function' ? replacement.contents(specifier) : replacement.contents;
        return { contents, loader: 'js', resolveDir };
      });
      builder.onEnd((result) => {
        // A build that failed already may have stopped before resolving every import.
        if (result.errors.length > 0) return undefined;
        const errors = replacements.flatMap((replacement) =>
          unexpected(
            replacement.name,
            `imports of ${replacement.filter} in ${replacement.in}`,
            counts.get(replacement) ?? 0,
            replacement.matches,
          ),
        );
        return { errors };
      });
    },
  };
}

/**
 * The X-Ray SDK records chosen parameters of AWS calls (table names, queue URLs...) from a whitelist
 * of services, parsed on every cold start. Only the entries of services whose client is in the layer
 * (its `@aws-sdk/client-*` dependencies) can ever be used; the others are dropped.
 */
function xrayWhitelistForLayerClients(): Plugin {
  const name = 'X-Ray SDK: AWS call parameter whitelist';
  return {
    name: 'xray-whitelist-for-layer-clients',
    setup(builder) {
      let loads = 0;
      builder.onStart(() => {
        loads = 0;
      });
      builder.onLoad({ filter: /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/ }, (args) => {
        loads += 1;
        const { dependencies = {} } = JSON.parse(readFileSync(join(ROOT, 'layers/shared/package.json'), 'utf8')) as {
          dependencies?: Record<string, string>;
        };
        const clients = new Set(
          Object.keys(dependencies).flatMap((dependency) => /^@aws-sdk\/client-(.+)$/.exec(dependency)?.[1]?.replace(/-/g, '') ?? []),
        );
        const whitelist = JSON.parse(readFileSync(args.path, 'utf8')) as { services: Record<string, unknown> };
        const services = Object.fromEntries(Object.entries(whitelist.services).filter(([service]) => clients.has(service)));
        return { contents: JSON.stringify({ ...whitelist, services }), loader: 'json' };
      });
      builder.onEnd((result) =>
        result.errors.length > 0
          ? undefined
          : { errors: unexpected(name, 'aws-xray-sdk-core/dist/lib/resources/aws_whitelist.json', loads, 1) },
      );
    },
  };
}

/**
 * The layer's build plugins, in the order esbuild should apply them; tests pass altered replacements, and the
 * bench's layer without the X-Ray SDK (bench/otel) passes them without the X-Ray ones, its whitelist going with them.
 */
export const layerPlugins = (replacements: readonly Replacement[] = REPLACEMENTS): Plugin[] => [
  replacementsPlugin(replacements),
  ...(replacements.some((replacement) => replacement.in === 'aws-xray-sdk-core') ? [xrayWhitelistForLayerClients()] : []),
];
