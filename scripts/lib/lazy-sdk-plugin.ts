/**
 * Vite plugin: the extension's Cognito SDK, evaluated on first use (issue 15).
 *
 * A Chrome MV3 service worker cannot `import()`, so the SDK cannot be a chunk loaded later.
 * Instead, this plugin's `load` hook answers for one module of ours, `src/auth/lazy-cognito-sdk.ts`
 * (a plain import under Node and on the dev server), with that same module compiled by esbuild's
 * public `build` API, SDK included, into the body of the `loadCognitoSdk()` the bundle exports.
 * The browser only pre-parses an inner function's body, so a worker that wakes to answer with
 * the state or the cached feed pays for a syntax check of the SDK, not for running it; the first
 * Cognito call runs it once. The SDK's packages are bundled as they ship: nothing is stubbed,
 * aliased or rewritten.
 */
import { build } from 'esbuild';
import type { Plugin } from 'vite';

export interface LazySdkOptions {
  /** Absolute path of the module to replace; it exports `loadCognitoSdk()`. */
  module: string;
  /** Build target (esbuild syntax), e.g. `es2022`. */
  target: string;
}

/** The name the IIFE assigns inside the function body (a local there, never on `globalThis`). */
const SDK_NAME = '__cognitoSdk';

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
