import { defineConfig } from 'vitest/config';

// The AWS SDK's "Node 20 support ends" notice is known, and once per worker it buries the test
// output. Set here, before globalSetup and the workers start: every test, and every process a
// test starts, inherits it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Three groups, run in order: fast unit tests (parallel), then integration tests against a
// real cognito-local and the real API server, then end-to-end tests in real browsers. The
// slow groups run one file at a time: this machine has two cores, and browsers are heavy.
export default defineConfig({
  define: { global: 'globalThis' },
  test: {
    // Every project's code reads its words through chrome.i18n: the real catalogs stand in for it.
    setupFiles: ['src/shared/i18n-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-stack.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Real Cognito clients (aws-amplify v6, amazon-cognito-identity-js) judging the local
        // front against AWS's documented answers, each file on a fresh stack.
        extends: true,
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
