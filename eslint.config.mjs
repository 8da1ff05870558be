import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/data/**',
      '**/coverage/**',
      '**/test-output/**',
      '**/bench-output/**',
      '**/.temp/**',
      '**/.swc/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The Taro app runs in browsers and in WeChat's JS engine (where Taro provides window, document, navigator).
    files: ['client/src/**/*.{ts,tsx}', 'client/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
  },
  {
    // Type-aware rules for the client: a promise nobody awaits or handles loses its errors (and its ordering).
    files: ['client/src/**/*.{ts,tsx}', 'client/test/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    // Only client/src/config.ts reads the build's environment. app.config.ts is build configuration itself: Taro
    // evaluates it at build time, outside the bundle.
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: ['client/src/config.ts', 'client/src/app.config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read build settings from src/config.ts: it is the only module that reads process.env.',
        },
      ],
    },
  },
  {
    // Pages and components select state and call intents: never socket code, never a service's insides.
    files: ['client/src/pages/**/*.{ts,tsx}', 'client/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'socket.io-client', message: 'Pages and components call intents from src/services.' },
            { name: '@tandem/socket.io-client-mp', message: 'Pages and components call intents from src/services.' },
          ],
          patterns: [
            {
              group: ['**/platform/socket', '**/platform/socket.*', '**/platform/socket-options'],
              message: 'Pages and components never touch the socket: call intents from src/services.',
            },
            {
              group: ['**/services/*'],
              message: "Import intents from src/services (its index), not from a service's own files.",
            },
          ],
        },
      ],
    },
  },
  {
    // Stores hold state: they never reach up into services or sockets.
    files: ['client/src/stores/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['socket.io-client', '@tandem/socket.io-client-mp'],
          patterns: [
            { group: ['**/services', '**/services/**', '**/platform/socket*'], message: 'Stores do not use services.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
