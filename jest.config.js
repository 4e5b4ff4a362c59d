// Unit tests (mocked AWS clients) and template/build checks run here; `npm test` runs them all.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
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
  ],
};
