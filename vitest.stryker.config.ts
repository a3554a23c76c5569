import { defineConfig } from 'vitest/config';

// Mutation testing (stryker.config.mjs) runs only the unit tests of the mutated files: the
// integration and browser suites are far too slow to run once per mutant.
export default defineConfig({
  define: { global: 'globalThis' },
  test: {
    include: [
      'src/auth/token-policy.test.ts',
      'src/auth/token-manager.test.ts',
      'src/auth/auth-service.test.ts',
      'src/auth/errors.test.ts',
      'src/background/api-client.test.ts',
    ],
  },
});
