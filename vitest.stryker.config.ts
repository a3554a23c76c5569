import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Mutation testing (stryker.config.mjs) runs only the unit tests of the mutated files: the
// integration and browser suites are far too slow to run once per mutant. The tests run as in
// `npm test`: the same `define` and setup files (the real catalogs behind chrome.i18n).
export default defineConfig({
  define: base.define,
  test: {
    setupFiles: base.test?.setupFiles,
    // Each mutated file's tests, including those split into `<name>-<topic>.test.ts`.
    include: ['src/auth/token-policy*.test.ts', 'src/auth/token-manager*.test.ts', 'src/auth/auth-service*.test.ts', 'src/auth/errors*.test.ts', 'src/background/api-client*.test.ts'],
  },
});
