/**
 * Vite plugin: the extension's Cognito SDK, evaluated on first use (issue 15).
 *
 * A Chrome MV3 service worker cannot `import()`, so the SDK cannot be a chunk loaded later.
 * Instead, this replaces `src/auth/lazy-cognito-sdk.ts` (a plain import under Node) with that
 * same module compiled by esbuild, SDK included, into the body of the `loadCognitoSdk()` the
 * bundle exports. The browser only pre-parses an
 * inner function's body, so a worker that wakes to answer with the state or the cached feed
 * pays for a syntax check of the SDK, not for running it; the first Cognito call runs it once.
 * The same build works in Firefox's event page and in the tests' Node, which get the re-export.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';

export interface LazySdkOptions {
  /** Absolute path of the module to replace; it exports `loadCognitoSdk()`. */
  module: string;
  /** Package → absolute path of its stand-in, inside the SDK bundle (see src/auth/sdk-stubs). */
  stubs: Record<string, string>;
  /** Build target (esbuild syntax), e.g. `es2022`. */
  target: string;
}

/** The name the IIFE assigns inside the function body (a local there, never on `globalThis`). */
const SDK_NAME = '__cognitoSdk';

/** The SDK's random source (its ES build, which the bundle uses). */
const RANDOM_SOURCE = /amazon-cognito-identity-js[\\/]es[\\/]utils[\\/]cryptoSecureRandomInt\.js$/;
const NODE_REQUIRE = /if \(!crypto && typeof require === 'function'\) \{\s*try \{\s*crypto = require\('crypto'\);\s*\} catch \(err\) \{\}\s*\}/;

/**
 * The random source without its last resort, Node's `require('crypto')`: `globalThis.crypto`
 * answers first in every context the bundle runs in. Left in, its free `require` made esbuild
 * emit a require shim, and the bundler then added its own to the runtime chunk every page loads
 * (0.2 KB gzip of the popup's first view). Throws if an SDK update changed that code.
 */
export function withoutNodeRequire(code: string): string {
  if (!NODE_REQUIRE.test(code)) throw new Error('lazy-cognito-sdk: the SDK random source changed; check withoutNodeRequire');
  return code.replace(NODE_REQUIRE, '// (Node\'s require fallback removed: globalThis.crypto is always there.)');
}

/** The module, SDK included, as an IIFE (`var __cognitoSdk = (() => { ... })();`). */
export async function bundleCognitoSdk(o: LazySdkOptions): Promise<string> {
  const result = await build({
    entryPoints: [o.module],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: SDK_NAME,
    platform: 'browser',
    target: o.target,
    minify: true,
    legalComments: 'none',
    // The SDK's random source looks for `global.crypto`; globalThis has it in every context.
    define: { global: 'globalThis' },
    // Exact package names only: a stand-in may import files of the package it replaces.
    plugins: [
      {
        name: 'sdk-stubs',
        setup(b) {
          const names = Object.keys(o.stubs).map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
          b.onResolve({ filter: new RegExp(`^(?:${names.join('|')})$`) }, (args) => ({ path: o.stubs[args.path] ?? args.path }));
        },
      },
      {
        name: 'no-node-require',
        setup(b) {
          b.onLoad({ filter: RANDOM_SOURCE }, async (args) => ({ contents: withoutNodeRequire(await readFile(args.path, 'utf8')), loader: 'js' }));
        },
      },
    ],
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('lazy-cognito-sdk: esbuild produced no output');
  return file.text;
}

/** What stands in for `lazy-cognito-sdk.ts`: the bundle runs on the first call only. */
export function lazyModule(iife: string): string {
  return [
    'let loaded;',
    'export function loadCognitoSdk() {',
    '  if (!loaded) loaded = (function () {',
    iife,
    `    return ${SDK_NAME}.loadCognitoSdk();`,
    '  })();',
    '  return loaded;',
    '}',
  ].join('\n');
}

export function lazyCognitoSdk(o: LazySdkOptions): Plugin {
  let code: Promise<string> | undefined;
  return {
    name: 'cruddur:lazy-cognito-sdk',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (id.split('?')[0] !== o.module) return null;
      code ??= bundleCognitoSdk(o).then(lazyModule);
      return code;
    },
  };
}
