// Unit tests (mocked AWS clients), template/build checks and integration tests against the local
// stack run here; `npm test` runs them all.
// babel-jest rather than a native transformer: it is pure JavaScript, so `npm ci` needs no
// platform-specific binaries (the registry mirror CI uses carries only some of them).
const babel = [
  'babel-jest',
  {
    presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
    plugins: [topLevelAwaitStatementsAsVoid],
  },
];

const common = {
  transform: { '^.+\\.(t|j|mj)s$': babel },
  // @middy/core ships ES modules only; jest runs CommonJS, so it is transformed like our sources.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Sources import './x.js' (ES module style); the file on disk is x.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'template', testMatch: ['<rootDir>/tests/template/**/*.test.ts'] },
    { ...common, displayName: 'build', testMatch: ['<rootDir>/tests/build/**/*.test.ts'] },
    // Starts the local stack (npm start) on free ports in a child process and drives it over HTTP.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      // otplib's base32 and crypto plugins are ES modules only, like @middy/core.
      transformIgnorePatterns: ['/node_modules/(?!(@middy|@scure|@noble)/)'],
    },
    // The browser app in headless Chromium (Debian's /usr/bin/chromium) against the local stack (docs/browser-app.md).
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!(@middy|@scure|@noble)/)'],
    },
    // The same Cognito behaviour cases against moto_server and the embedded Cognito (docs/cognito-parity.md).
    {
      ...common,
      displayName: 'parity',
      testMatch: ['<rootDir>/tests/parity/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!(@middy|@scure|@noble)/)'],
    },
  ],
};

/**
 * CommonJS, which jest runs, has no top-level await; the layer's client modules wait at init for their
 * priming (layers/shared/src/aws/priming.ts). Under jest, a top-level `await promise;` statement becomes
 * `void promise;`: the priming runs alongside, answered in the process as ever. Other top-level awaits
 * stay and fail to load.
 */
function topLevelAwaitStatementsAsVoid({ types: t }) {
  return {
    visitor: {
      Program(path) {
        for (const statement of path.get('body')) {
          const expression = statement.isExpressionStatement() ? statement.get('expression') : undefined;
          if (expression?.isAwaitExpression()) expression.replaceWith(t.unaryExpression('void', expression.node.argument));
        }
      },
    },
  };
}
