// meshscope's lint: correctness rules plus the layering that docs/ARCHITECTURE.md describes.
// `npm run lint` runs it; test/lint/lint.test.ts runs the same configuration inside `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// A boundary: files under `from` may not import values from the folders in `forbidden`
// (type-only imports stay allowed where `types` is true: they vanish at build time).
const boundary = (files, forbidden, message, types = true) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden, message, allowTypeImports: types }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'fixtures/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly',
        AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
        structuredClone: 'readonly', performance: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      // A disable comment says why: `// eslint-disable-next-line rule -- reason`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // meshscope's output layer exists to find and neutralise control characters in what servers
      // send: a regular expression that names them is the point, not a mistake.
      'no-control-regex': 'off',
    },
  },
  {
    // bin/meshscope.js is CommonJS too (bin/package.json)
    files: ['**/*.cjs', 'bin/meshscope.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['test/**', 'vitest.config.ts'],
    // Tests match columns of printed tables: runs of spaces in a pattern are what is printed.
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-regex-spaces': 'off' },
  },
  // The layers.
  boundary(['src/mock/**'], ['**/backends/**'],
    'the mock shares vocabulary (src/vocab) with the client, never its models or validators: import types only'),
  boundary(['src/backends/**'], ['**/tui/**', '**/commands/**', '../../commands/**'],
    'a backend client knows nothing of the TUI or the command line', false),
  boundary(['commands/**'], ['**/src/*', '**/src/*/**', '!**/src/app', '!**/src/app/**'],
    'commands reach src through src/app (add the re-export there)'),
);
