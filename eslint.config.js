// ESLint: typescript-eslint's recommended rules (untyped, so a full run stays in seconds) plus
// the architecture's import boundaries. Every boundary message names its rule and says why.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import uiText from './scripts/lint-rules/ui-text.js';

const COGNITO_LIBRARY = 'amazon-cognito-identity-js';

/** The session core must run without a browser: tests, the bench and the server build it with fakes. */
const AUTH_NO_BROWSER =
  'auth-no-browser: src/auth uses no browser API, so the session core runs under Node with fakes; the background adapts chrome.* to its ports.';
const COGNITO_ONLY_IN_ADAPTER = `cognito-adapter-only: only src/auth/cognito-adapter.ts imports ${COGNITO_LIBRARY} (through src/auth/lazy-cognito-sdk.ts, which the build makes load on first use), so the library's quirks stay behind one port.`;

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'dist-*/**', 'build/**', 'reports/**', 'test-results/**', '.stryker-tmp/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.webextensions },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept for its position (a callback's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // TypeScript itself reports undefined names, with the real lib and types in view.
      'no-undef': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: COGNITO_LIBRARY, message: COGNITO_ONLY_IN_ADAPTER }],
          patterns: [{ group: [`${COGNITO_LIBRARY}/*`, '**/lazy-cognito-sdk.ts'], message: COGNITO_ONLY_IN_ADAPTER }],
        },
      ],
    },
  },
  {
    // The extension's adapter, plus independent Cognito clients that are not the extension: the
    // stand-in web app and the tests that check the local front against the library itself.
    files: ['src/auth/cognito-adapter.ts', 'scripts/web-app/**', 'scripts/cognito-front/**/*.test.ts', 'test/integration/cognito-front.test.ts', 'test/conformance/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The session core: no browser globals, no polyfill, not even through shared's wrappers
    // (i18n.ts reads chrome.i18n: the core carries error codes, the background attaches words).
    files: ['src/auth/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'chrome', message: AUTH_NO_BROWSER }, { name: 'browser', message: AUTH_NO_BROWSER }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: COGNITO_LIBRARY, message: COGNITO_ONLY_IN_ADAPTER },
            { name: 'webextension-polyfill', message: AUTH_NO_BROWSER },
          ],
          patterns: [
            { group: [`${COGNITO_LIBRARY}/*`, '**/lazy-cognito-sdk.ts'], message: COGNITO_ONLY_IN_ADAPTER },
            { group: ['webextension-polyfill/*', '**/shared/browser.ts', '**/shared/messaging.ts', '**/shared/state-port.ts', '**/shared/i18n.ts'], message: AUTH_NO_BROWSER },
          ],
        },
      ],
    },
  },
  {
    // The adapter, and the module that hands it the library on first use (lazy-cognito-sdk.ts).
    files: ['src/auth/cognito-adapter.ts', 'src/auth/lazy-cognito-sdk.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: AUTH_NO_BROWSER }],
          patterns: [{ group: ['webextension-polyfill/*', '**/shared/browser.ts', '**/shared/messaging.ts', '**/shared/state-port.ts', '**/shared/i18n.ts'], message: AUTH_NO_BROWSER }],
        },
      ],
    },
  },
  {
    // The library as an independent reference, never shipped: the native SRP maths are proved
    // identical to its AuthenticationHelper (tests, bench), and a declaration file types the
    // helper class its typings leave out. The polyfill rule of src/auth still applies.
    files: ['src/auth/cognito-sdk.d.ts', 'src/auth/srp-native.test.ts', 'bench/srp*.ts', 'test/integration/srp-native.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: AUTH_NO_BROWSER }],
          patterns: [{ group: ['webextension-polyfill/*', '**/shared/browser.ts', '**/shared/messaging.ts', '**/shared/state-port.ts', '**/shared/i18n.ts'], message: AUTH_NO_BROWSER }],
        },
      ],
    },
  },
  {
    // Every word a user reads comes from the catalog (src/shared/i18n.ts): the extension's code,
    // not its tests, not the fake catalog nor the session core, which carries error codes only.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/**/testing.ts', 'src/shared/i18n-fake.ts', 'src/shared/i18n-setup.ts', 'src/**/*.d.ts'],
    plugins: { 'ui-text': uiText },
    rules: { 'ui-text/from-catalog': 'error' },
  },
  {
    // Import boundaries. Elements match in order, so any src/* folder not named before `ui`
    // (popup, options, content, and any page folder added later) is a UI context by default.
    // Between top-level folders, dependencies point one way: test and bench → scripts → server
    // → src/shared (and src's folders inward, as below); nothing imports bench.
    files: ['src/**/*.{ts,tsx}', 'server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'auth', pattern: 'src/auth' },
        { type: 'background', pattern: 'src/background' },
        { type: 'shared', pattern: 'src/shared' },
        { type: 'ui', pattern: 'src/*', capture: ['page'] },
        { type: 'server', pattern: 'server' },
        { type: 'scripts', pattern: 'scripts' },
        { type: 'bench', pattern: 'bench' },
        { type: 'test', pattern: 'test' },
      ],
      'boundaries/include': ['src/**/*', 'server/**/*', 'scripts/**/*', 'bench/**/*', 'test/**/*'],
      // Patterns are relative to this file's folder, wherever ESLint is started from.
      'boundaries/root-path': import.meta.dirname,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'ui' } },
              disallow: { to: { element: { types: { anyOf: ['auth', 'background'] } } } },
              message:
                'ui-talks-to-background: pages and content scripts never import src/auth or src/background; they send messages, so tokens stay in the worker, out of reach of page JavaScript.',
            },
            {
              from: { element: { type: 'auth' } },
              disallow: { to: { element: { types: { anyOf: ['background', 'ui'] } } } },
              message:
                'auth-is-the-core: src/auth imports nothing from src/background or the UI, so the session core stays testable without a browser and the dependencies point inward.',
            },
            {
              from: { element: { type: 'shared' } },
              disallow: { to: { element: { types: { anyOf: ['auth', 'background', 'ui', 'server'] } } } },
              message:
                'shared-imports-no-context: src/shared imports no context folder, so every context can import it without pulling in another one.',
            },
            {
              from: { element: { type: 'server' } },
              disallow: { to: { element: { types: { anyOf: ['auth', 'background', 'ui'] } } } },
              message:
                'server-uses-the-contract: server/ imports from src/ only the shared contract (src/shared), so the API never bundles extension code.',
            },
            {
              from: { element: { types: { anyOf: ['auth', 'background', 'shared', 'ui', 'server'] } } },
              disallow: { to: { element: { types: { anyOf: ['scripts', 'bench', 'test'] } } } },
              message:
                'product-stands-alone: src/ and server/ (their tests too) import nothing from scripts/, bench/ or test/, so the product never depends on the local stack, the bench or the test rigs; shared test helpers live beside the code (src/auth/testing.ts).',
            },
            {
              from: { element: { type: 'scripts' } },
              disallow: { to: { element: { types: { anyOf: ['bench', 'test'] } } } },
              message:
                'scripts-use-no-rigs: scripts/ (the local stack, builds, packaging) imports nothing from bench/ or test/; the bench and the tests use scripts, never the reverse, so the folders form no circle.',
            },
            {
              from: { element: { type: 'test' } },
              disallow: { to: { element: { type: 'bench' } } },
              message:
                'tests-use-no-bench: test/ imports nothing from bench/; what both need lives in test/support (the bench may import it) or in the code under test.',
            },
          ],
        },
      ],
    },
  },
);
