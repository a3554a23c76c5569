// `npm run test:mutation`: StrykerJS over the session core and the API client, with the unit
// tests of those files only (vitest.stryker.config.ts). Not part of `npm test`: it takes minutes.
// One file while iterating: `npx stryker run --mutate src/auth/token-policy.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    'src/auth/token-policy.ts',
    'src/auth/token-manager.ts',
    'src/auth/auth-service.ts',
    'src/auth/errors.ts',
    'src/background/api-client.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // No type-checking of mutants: the project type-checks with TypeScript 7, whose compiler API
  // Stryker cannot call, and the TypeScript 5.9 kept for tooling would judge different code.
  checkers: [],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
