import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRAMEWORK_AND_IO = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'tmp/**', 'tools/bin/**', 'tools/fixtures/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The methodology reads like methodology.md: pure functions, no framework and no I/O.
    files: ['libs/methodology/**/*.ts', 'libs/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: FRAMEWORK_AND_IO }] },
  },
  {
    // No service imports another service's code: they talk through the queue contracts.
    files: ['apps/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/**', '../../*/src/**'] }] },
  },
);
