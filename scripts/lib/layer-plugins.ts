// esbuild plugins for the layer: modules that its libraries load on every cold start but that a
// Lambda function never runs are replaced at build time, each by a stand-in that says so if it ever
// is used (or, for the credential provider and the X-Ray context, by an equivalent that does only
// what Lambda needs). Each was measured with the bench's cold-start child (bench/cold-child.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';
import { ROOT } from './template.js';

interface Replacement {
  /** What the entry replaces; also names the stand-in module (and its chunk, if it gets one). */
  name: string;
  /** The import specifier, as written in the importing module. */
  filter: RegExp;
  /** Only imports from files under this package (a path fragment such as '/aws-xray-sdk-core/'). */
  importer: string;
  /** The stand-in: CommonJS or ES module source (of the specifier imported), or a file to bundle instead. */
  contents?: string | ((specifier: string) => string);
  path?: string;
}

const thrower = (what: string) =>
  `function unsupported() { throw new Error(${JSON.stringify(`${what} (left out of the layer at build time: scripts/lib/layer-plugins.ts)`)}); }\n`;

const REPLACEMENTS: Replacement[] = [
  {
    // aws-xray-sdk-core loads its AWS SDK v2 patcher (`captureAWS`, `captureAWSClient`) at start-up,
    // and semver with it (29 KB). The layer's clients are SDK v3, traced by tracer.captureAWSv3Client.
    name: 'X-Ray SDK: AWS SDK v2 patcher',
    filter: /^\.\/patchers\/aws_p$/,
    importer: '/aws-xray-sdk-core/',
    contents: `${thrower('AWS SDK v2 is not in this layer: trace SDK v3 clients with tracer.captureAWSv3Client')}module.exports = { captureAWS: unsupported, captureAWSClient: unsupported };`,
  },
  {
    // The X-Ray SDK's samplers (centralized sampling: rule and target pollers, a client of the X-Ray
    // API over node:http; local sampling rules and their JSON defaults) decide whether an incoming
    // HTTP request to an Express/Restify server is traced. On Lambda the decision comes with the
    // invocation (_X_AMZN_TRACE_ID), and the SDK itself disables centralized sampling there; only
    // `AWSXRay.middleware.resolveSampling` (server middleware) and `setSamplingRules` use a sampler.
    name: 'X-Ray SDK: samplers',
    filter: /^\.\/sampling\/(default|local)_sampler$/,
    importer: '/aws-xray-sdk-core/',
    contents: `${thrower('X-Ray sampling rules are not used on Lambda: the sampling decision comes with the invocation')}module.exports = { shouldSample: unsupported, setLocalRules: unsupported, start: unsupported };`,
  },
  {
    // EC2, ECS and Elastic Beanstalk metadata plugins (`AWSXRay.config([...])`), loaded at start-up
    // with node:http for the EC2 metadata service. They describe hosts a Lambda function does not run on.
    name: 'X-Ray SDK: EC2/ECS/Elastic Beanstalk plugins',
    filter: /^\.\/segments\/plugins\/(ec2|ecs|elastic_beanstalk)_plugin$/,
    importer: '/aws-xray-sdk-core/',
    contents: `${thrower('The X-Ray EC2/ECS/Elastic Beanstalk plugins are not in this layer: a Lambda function runs on none of them')}module.exports = { getData: unsupported, originName: undefined };`,
  },
  {
    // cls-hooked, the X-Ray SDK's context (the current segment), tracks every promise and callback of
    // the process with async_hooks (init/before/after/destroy) from the moment the SDK loads, and
    // loads node:assert and emitter-listener. The same Namespace API on Node's AsyncLocalStorage,
    // which costs nothing until a context is run (see the module).
    name: 'X-Ray SDK: cls-hooked context',
    filter: /^cls-hooked\/context$/,
    importer: '/aws-xray-sdk-core/',
    path: join(ROOT, 'layers/shared/src/replacements/cls-hooked-context.ts'),
  },
  {
    // Powertools Tracer imports node:http and node:https to patch them (captureHTTPsRequests), which
    // the layer turns off (layers/shared/src/tracing.ts): without a use, they were loaded for
    // nothing (with TLS, 5–7 ms of a cold start of a function that makes no HTTP call). The same
    // module objects, loaded when the patch, if turned on, first touches them.
    name: 'Powertools Tracer: node:http and node:https for the HTTP patch',
    filter: /^node:https?$/,
    importer: '/@aws-lambda-powertools/tracer/',
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
    // streaming (`streamifyResponse`), which no function here uses; node:stream/web alone is ~3 ms
    // of a cold start. The same functions, loaded when that code path first runs. (The SDK's first
    // call still loads web streams' readable/writable parts, ~1–2 ms, through the global
    // ReadableStream: for the SDK functions that part moved to the first invocation.)
    name: '@middy/core: response streaming modules',
    filter: /^node:stream(\/promises|\/web)?$/,
    importer: '/@middy/core/',
    contents: [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "export const Readable = { from: (...args) => require('node:stream').Readable.from(...args) };",
      "export const pipeline = (...args) => require('node:stream/promises').pipeline(...args);",
      "export class ReadableStream { static [Symbol.hasInstance](value) { return value instanceof require('node:stream/web').ReadableStream; } }",
    ].join('\n'),
  },
  {
    // Event-stream (de)serialisation, imported by the SDK's protocols when an operation streams
    // events (Transcribe, Bedrock, Kinesis SubscribeToShard...). Neither Cognito nor DynamoDB has such
    // an operation. Left in, it is a lazily loaded chunk, but code splitting then puts what it shares
    // with the clients (CRC32 on node:zlib) in the chunks every SDK function loads.
    name: 'AWS SDK: event streams',
    filter: /^@smithy\/core\/event-streams$/,
    importer: '/@smithy/core/',
    contents:
      "throw new Error('Event streams are not in this layer: its AWS clients (Cognito, DynamoDB) have no event-stream operations (left out of the layer at build time: scripts/lib/layer-plugins.ts)');",
  },
  {
    // `import { env } from 'node:process'` (the SDK's user agent) makes Node build the ES module facade
    // of the process object, which reads every property, getters included: stdin, stdout and stderr
    // are created as it loads (with the stream and fs stream modules) and process.report is loaded
    // (~7 ms alone on a cold start; less where streams are loaded anyway). The same bindings from the
    // global process object. An import of a name not listed here fails the build.
    name: 'node:process as the global process',
    filter: /^(node:)?process$/,
    importer: '/',
    contents:
      'export default process;\nexport const env = process.env;\nexport const versions = process.versions;\nexport const platform = process.platform;\nexport const arch = process.arch;',
  },
  {
    // The SDK's default credential chain: on Lambda its first link (environment variables) answers.
    // The rest (SSO, ini files, process, web identity, container/instance metadata) and the STS,
    // SSO and sign-in clients it may load were compiled on every cold start, and code-split chunks
    // shared with them put the AWS query and XML protocols in front of every SDK client.
    name: 'AWS SDK: default credential provider chain',
    filter: /^@aws-sdk\/credential-provider-node$/,
    importer: '/',
    path: join(ROOT, 'layers/shared/src/replacements/credential-provider-node.ts'),
  },
];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The X-Ray SDK records chosen request and response parameters of AWS calls (table names, queue
 * URLs...) from a whitelist of six services, 10.6 KB of JSON parsed on every cold start. Only the
 * entries of services whose client is in the layer (its `@aws-sdk/client-*` dependencies) can ever
 * be used; the others are dropped. A client added to the layer keeps its entry, if it has one.
 */
const xrayWhitelistForLayerClients: Plugin = {
  name: 'xray-whitelist-for-layer-clients',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/ }, (args) => {
      const { dependencies = {} } = JSON.parse(readFileSync(join(ROOT, 'layers/shared/package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      const clients = new Set(
        Object.keys(dependencies).flatMap((name) => /^@aws-sdk\/client-(.+)$/.exec(name)?.[1]?.replace(/-/g, '') ?? []),
      );
      const whitelist = JSON.parse(readFileSync(args.path, 'utf8')) as { services: Record<string, unknown> };
      const services = Object.fromEntries(Object.entries(whitelist.services).filter(([service]) => clients.has(service)));
      return { contents: JSON.stringify({ ...whitelist, services }), loader: 'json' };
    });
  },
};

/** The replacements above as one esbuild plugin. */
const replacements: Plugin = {
  name: 'lambda-only-replacements',
  setup(builder: PluginBuild) {
    const namespace = 'lambda-only-replacement';
    REPLACEMENTS.forEach((replacement) => {
      builder.onResolve({ filter: replacement.filter }, (args) => {
        if (!args.importer.includes(replacement.importer)) return undefined;
        if (replacement.path) return { path: replacement.path };
        const path = typeof replacement.contents === 'function' ? `${slug(replacement.name)}--${slug(args.path)}` : slug(replacement.name);
        return { path, namespace, pluginData: { resolveDir: args.resolveDir, specifier: args.path } };
      });
    });
    builder.onLoad({ filter: /.*/, namespace }, (args) => {
      const replacement = REPLACEMENTS.find(({ name }) => args.path.split('--')[0] === slug(name)) as Replacement;
      const { resolveDir, specifier } = args.pluginData as { resolveDir: string; specifier: string };
      const contents = typeof replacement.contents === 'function' ? replacement.contents(specifier) : replacement.contents;
      return { contents, loader: 'js', resolveDir };
    });
  },
};

/** Everything above, in the order esbuild should apply it. */
export const lambdaOnlyReplacements: Plugin[] = [replacements, xrayWhitelistForLayerClients];
