// ESLint flat config: typescript-eslint's type-aware recommended rules on every TypeScript file,
// with formatting left to Prettier (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The client's generated types (from openapi.yaml) and its build output are not ours to lint.
  { ignores: ['build/', '.aws-sam/', 'coverage/', '**/node_modules/', 'clients/typescript/dist/', 'clients/typescript/src/openapi.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // `_name` marks a parameter a signature requires; `{ dropped, ...rest }` omits a key on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An async function without `await` is how a function that must return a promise (a handler,
      // a middy middleware) turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The browser app runs in a page, not in Node.
    files: ['app/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // jest's asymmetric matchers (expect.any, expect.objectContaining...) are typed `any`.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
