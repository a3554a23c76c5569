import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin, type PluginOption } from 'vite';
import { classicWorker } from './scripts/lib/classic-worker-plugin.ts';
import { injectedScriptsNotWebAccessible } from './scripts/lib/injected-scripts.ts';
import { lazyCognitoSdk } from './scripts/lib/lazy-sdk-plugin.ts';
import { manifestFor, type Target } from './scripts/manifest.ts';
import { smallPreloadHelper } from './scripts/lib/small-preload-helper.ts';
import { firstViewChunks } from './scripts/lib/first-view-chunks.ts';
import { polyfillAsEsm } from './scripts/lib/polyfill-as-esm.ts';

const WELCOME = 'src/welcome/index.html';

// `vite build --mode chrome` writes dist/chrome, `--mode firefox` writes dist/firefox.
// Build-time defaults (pool, client, API) come from VITE_* variables: `.env.local` (written
// by `npm start`) or the process environment, which wins.
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  const env = { ...loadEnv(mode, process.cwd(), 'VITE_'), ...pick(process.env) };
  return {
    // amazon-cognito-identity-js's bundled `buffer` and its random source look for `global`.
    define: { global: 'globalThis' },
    plugins: [
      preact(),
      withoutEsmCopyOf(crx({ manifest: manifestFor(target, env) as never, browser: target }), ['src/content/main.tsx']),
      // The feed panel (src/content/main.tsx?iife) is injected by the scripting API only.
      injectedScriptsNotWebAccessible(['src/content/main.js']),
      // The Cognito SDK runs on the first Cognito call, not on every worker wake.
      lazyCognitoSdk({ module: local('src/auth/lazy-cognito-sdk.ts'), stubs: { ...SDK_STUBS, ...SDK_BUNDLE_STUBS }, target: 'es2022' }),
      // One classic background script: a woken worker reads one file instead of linking a module graph.
      classicWorker({ pages: ['src/popup/index.html', 'src/options/index.html', 'src/feed/index.html', WELCOME], target: 'es2022' }),
      // Lazy views load through a helper of a few lines instead of Vite's (0.7 KB gzip less).
      smallPreloadHelper(),
      // What the popup's first view shares with the worker and the other pages, in two chunks.
      firstViewChunks({ popup: 'src/popup/index.html', worker: 'src/background/index.ts' }),
      // webextension-polyfill as an ES module: no CommonJS interop helpers in every page's first chunk.
      polyfillAsEsm(),
    ],
    resolve: { alias: SDK_STUBS },
    build: {
      outDir: process.env.EXTENSION_OUT_DIR ?? `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // No modulepreload links or helper: a lazy view's chunks are local files that load as its
      // imports run, and the popup's first script stays smaller without the helper's JS preloads.
      modulePreload: false,
      // The feed page (in-page frame, side panel, Firefox sidebar). crxjs builds it from Chrome's
      // manifest (`side_panel`); it does not know Firefox's `sidebar_action`, so that build names
      // it here. Named in both, it came out twice: a second entry file nothing loads.
      // The welcome page (opened at install by the worker) is named by no manifest field: both name it.
      rollupOptions: { input: { ...(target === 'firefox' ? { feed: 'src/feed/index.html' } : {}), welcome: WELCOME } },
    },
    logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'warn',
  };
});

/**
 * crxjs emits an ordinary ES chunk for every `?iife` import besides the IIFE file it injects
 * (`assets/main.tsx-*.js`): nothing loads that chunk, yet it ships, and as an extra entry it
 * splits modules it shares with the popup into separate chunks. This drops the emission at its
 * source: crx's dynamic-script plugin gets a context whose `emitFile` skips chunks of `files`
 * (root-relative sources of scripts only ever injected as IIFE). crx never looks that chunk up
 * for an IIFE script (the IIFE build names the file the background injects).
 */
function withoutEsmCopyOf(plugins: PluginOption[], files: readonly string[]): PluginOption[] {
  const skip = new Set(files.map((f) => fileURLToPath(new URL(f, import.meta.url))));
  const dynamic = (plugins.flat(Infinity as 1) as Plugin[]).find((p) => p?.name === 'crx:dynamic-content-scripts-loader');
  if (!dynamic) throw new Error('crx:dynamic-content-scripts-loader not found: the crxjs version changed, check withoutEsmCopyOf');
  for (const hook of ['buildStart', 'resolveId', 'load'] as const) {
    const original = dynamic[hook] as ((this: object, ...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    (dynamic as unknown as Record<string, unknown>)[hook] = function (this: { emitFile(file: { type: string; id?: string }): string }, ...args: unknown[]) {
      const context = new Proxy(this, {
        get(target, key, receiver) {
          if (key !== 'emitFile') return Reflect.get(target, key, receiver) as unknown;
          return (file: { type: string; id?: string }) =>
            file.type === 'chunk' && file.id && skip.has(file.id) ? `iife-only:${file.id}` : target.emitFile(file);
        },
      });
      return original.apply(context, args);
    };
  }
  return plugins;
}

function local(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** What amazon-cognito-identity-js imports that the extension never needs in full (see each stub). */
const SDK_STUBS: Record<string, string> = {
  'js-cookie': local('src/auth/sdk-stubs/js-cookie.ts'),
  'isomorphic-unfetch': local('src/auth/sdk-stubs/isomorphic-unfetch.ts'),
  buffer: local('src/auth/sdk-stubs/buffer.ts'),
  '@aws-sdk/util-utf8-browser': local('src/auth/sdk-stubs/util-utf8-browser.ts'),
};

/**
 * Only inside the SDK bundle, where the stand-in may still import the package's own files (the
 * bundle's stubs replace exact package names; a Vite alias would also catch those subpaths).
 */
const SDK_BUNDLE_STUBS: Record<string, string> = {
  '@aws-crypto/sha256-js': local('src/auth/sdk-stubs/sha256-js.ts'),
};

function pick(all: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[0].startsWith('VITE_') && e[1] !== undefined));
}
