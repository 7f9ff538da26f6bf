// Lint: the recommended rules of ESLint and typescript-eslint; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_MESSAGE =
  'src/core knows nothing of Discord, Redis, BullMQ, openai or Node servers: add a port in ports.ts';

/** Packages (and Node built-ins named without `node:`) that belong in adapters, never in src/core. */
const CORE_FORBIDDEN_PACKAGES = [
  'discord.js',
  'discord-api-types',
  'ioredis',
  'bullmq',
  'openai',
  'i18next',
  'pino',
  'sharp',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
];

/** Our own adapters and the composition root, as src/core would import them. */
const CORE_FORBIDDEN_MODULES = [
  '**/store/**',
  '**/scheduler/**',
  '**/discord/**',
  '**/model/**',
  '**/terminal/**',
  '**/personas/**',
  '**/http/**',
  '**/i18n/*.js',
  '**/app.js',
  '**/main.js',
  '**/wire-core.js',
  '**/config.js',
  '**/logger.js',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'data/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core is plain TypeScript: it talks to the world through ports.ts, never through a platform
    // library, a Node server or file API, or one of our adapters. Adapters import the core, not the reverse.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_FORBIDDEN_PACKAGES.map((name) => ({ name, message: CORE_MESSAGE })),
          patterns: [
            {
              group: CORE_FORBIDDEN_PACKAGES.map((name) => `${name}/*`).concat(['@discordjs/*']),
              message: CORE_MESSAGE,
            },
            {
              group: ['node:*', '!node:crypto'],
              message: `${CORE_MESSAGE} (node:crypto is the one Node API it uses)`,
            },
            { group: CORE_FORBIDDEN_MODULES, message: CORE_MESSAGE },
          ],
        },
      ],
    },
  },
);
