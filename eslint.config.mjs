import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './tools/eslint/module-boundaries.mjs';

const FRAMEWORK_AND_IO = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'];

/**
 * The layering of the house (tags in each project.json; docs/services-design.md "Libraries"):
 *   domain ← methodology ← board-answers;  domain ← data-contract;  domain ← charts
 *   connections ← persistence, queue ← service-kit ← testing
 * Apps import libraries (never another app, never testing outside their tests); tools may
 * import anything; a test file may also import the testing lib.
 */
const LIBRARIES = ['layer:domain', 'layer:connections', 'layer:methodology', 'layer:data-contract', 'layer:board-answers', 'layer:charts', 'layer:persistence', 'layer:queue', 'layer:service-kit'];
const LAYERS = {
  depConstraints: [
    { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: [] },
    { sourceTag: 'layer:connections', onlyDependOnLibsWithTags: [] },
    { sourceTag: 'layer:methodology', onlyDependOnLibsWithTags: ['layer:domain'] },
    { sourceTag: 'layer:data-contract', onlyDependOnLibsWithTags: ['layer:domain'] },
    { sourceTag: 'layer:board-answers', onlyDependOnLibsWithTags: ['layer:methodology', 'layer:domain'] },
    // Charts draw what they are given (data in, SVG and tables out): the domain's exact numbers and npm's vega.
    { sourceTag: 'layer:charts', onlyDependOnLibsWithTags: ['layer:domain'] },
    { sourceTag: 'layer:persistence', onlyDependOnLibsWithTags: ['layer:connections', 'layer:domain'] },
    // The queue contracts carry the method settings (typed by the methodology's schema).
    { sourceTag: 'layer:queue', onlyDependOnLibsWithTags: ['layer:connections', 'layer:methodology', 'layer:domain'] },
    { sourceTag: 'layer:service-kit', onlyDependOnLibsWithTags: ['layer:persistence', 'layer:queue', 'layer:connections', 'layer:data-contract', 'layer:domain'] },
    { sourceTag: 'layer:testing', onlyDependOnLibsWithTags: LIBRARIES },
    { sourceTag: 'type:application', onlyDependOnLibsWithTags: LIBRARIES },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...LIBRARIES, 'layer:testing', 'type:application', 'type:tool'] },
  ],
  testFiles: ['layer:testing'],
};

export default tseslint.config(
  // Plain JavaScript is not linted, except the libraries' ES modules (their imports must follow the layers too).
  { ignores: ['**/node_modules/**', '**/dist/**', 'tmp/**', 'tools/bin/**', 'tools/fixtures/**', '**/*.mjs', '!libs/**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    plugins: { nhsp: boundaries },
    rules: { 'nhsp/module-boundaries': ['error', LAYERS] },
  },
  {
    // The methodology reads like methodology.md: pure functions, no framework and no I/O; so do
    // the domain below it, the board answers above it and the charts.
    files: ['libs/methodology/**/*.ts', 'libs/domain/**/*.ts', 'libs/board-answers/**/*.ts', 'libs/charts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: FRAMEWORK_AND_IO }] },
  },
  {
    // No app imports BullMQ: jobs go through @nhsp/queue's contracts (no app imports another
    // app either: nhsp/module-boundaries).
    files: ['apps/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['bullmq', 'bullmq/*'] }] },
  },
  {
    // A publication controller maps HTTP to a provider's call and back (issue 12): the logic is in
    // providers, the OpenAPI decoration composed once (route.decorators.ts). One over 100 lines is
    // doing a provider's work (tools/eslint/controller-size.spec.ts).
    files: ['apps/publication/src/**/*.controller.ts'],
    rules: { 'max-lines': ['error', { max: 100, skipBlankLines: false, skipComments: false }] },
  },
);
