// One lint config for every workspace (flat config). typescript-eslint's recommended rules without
// type information, so `npx eslint .` stays fast; type errors are `npm run typecheck`'s job.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'artifacts/**',
      'data/**',
      '**/.swc/**',
      'miniprogram/dist/**',
      'server/console/dist/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest modules and DI tokens are empty classes by design.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },
  {
    // The house rules (README, CONVENTIONS.md): modules reach balances only through LedgerService, read
    // each other through directories instead of entities, and reach the WeChat simulator only by URL.
    files: ['server/src/**/*.ts'],
    // app.module.ts is the composition root: it mounts the sandbox in sandbox mode.
    ignores: [
      'server/src/ledger/**',
      'server/src/database/**',
      'server/src/sandbox/**',
      'server/src/app.module.ts',
      '**/*.spec.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/ledger/*',
                '!**/ledger/ledger.service',
                '!**/ledger/ledger.types',
                '!**/ledger/ledger.module',
              ],
              message: 'Reach balances through LedgerService (ledger.service / ledger.types / ledger.module) only.',
            },
            { group: ['**/ledger/*/**'], message: 'Ledger internals are private to server/src/ledger.' },
            {
              group: ['**/sandbox/**', '**/sandbox/*'],
              message: 'Product code reaches the WeChat sandbox by URL only.',
            },
            {
              // A module's entities are its own: others read through its directory (members/member-directory…).
              group: ['../*/entities/**', '../../*/entities/**', '../../../*/entities/**', '**/modules/*/entities/**'],
              message: "Another module's entities are private to it: read through that module's directory or service.",
            },
          ],
        },
      ],
    },
  },
  {
    // CommonJS config files (jest.config.js, babel.config.js, …).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser code: the operator console and the mini-program (Taro/H5).
    files: ['server/console/src/**/*.{ts,tsx}', 'miniprogram/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['miniprogram/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { wx: 'readonly', defineAppConfig: 'readonly', definePageConfig: 'readonly' } },
  },
  {
    files: ['**/*.{spec,test}.{ts,tsx}', '**/*.e2e.ts', 'test/**/*.ts', '**/test-utils/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
