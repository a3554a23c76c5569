import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv } from 'vite';
import { injectedScripts } from './scripts/lib/injected-scripts.ts';
import { lazyCognitoSdk } from './scripts/lib/lazy-sdk-plugin.ts';
import { manifestFor, type Target } from './scripts/manifest.ts';
import { firstViewChunks } from './scripts/lib/first-view-chunks.ts';

const WELCOME = 'src/welcome/index.html';

// `vite build --mode chrome` writes dist/chrome, `--mode firefox` writes dist/firefox;
// `vite --mode chrome` (npm run dev) is crxjs's dev server, writing dist/chrome.
// Build-time defaults (pool, client, API) come from VITE_* variables: `.env.local` (written
// by `npm start`) or the process environment, which wins.
//
// Every plugin here uses documented hooks only, on our own modules or crxjs's manifest hook
// (scripts/lib/vite-plugins.test.ts lists them and the hooks each uses).
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  const env = { ...loadEnv(mode, process.cwd(), 'VITE_'), ...pick(process.env) };
  return {
    plugins: [
      preact(),
      crx({ manifest: manifestFor(target, env) as never, browser: target }),
      // The feed panel (src/content/main.tsx?iife) is injected by the scripting API only.
      injectedScripts([{ source: 'src/content/main.tsx', file: 'src/content/main.js' }]),
      // The Cognito SDK runs on the first Cognito call, not on every worker wake.
      lazyCognitoSdk({ module: local('src/auth/lazy-cognito-sdk.ts'), target: 'es2022' }),
      // What the popup's first view shares with the worker and the other pages, in two chunks.
      firstViewChunks({ popup: 'src/popup/index.html', worker: 'src/background/index.ts' }),
    ],
    build: {
      outDir: process.env.EXTENSION_OUT_DIR ?? `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // No modulepreload links: a lazy view's chunks are local files that load as its imports run.
      modulePreload: false,
      // The feed page (in-page frame, side panel, Firefox sidebar). crxjs builds it from Chrome's
      // manifest (`side_panel`); it does not know Firefox's `sidebar_action`, so that build names
      // it here. Named in both, it came out twice: a second entry file nothing loads.
      // The welcome page (opened at install by the worker) is named by no manifest field: both name it.
      rollupOptions: {
        input: { ...(target === 'firefox' ? { feed: 'src/feed/index.html' } : {}), welcome: WELCOME },
        // The worker's entry (crxjs emits it as a chunk) under a fixed name: its hashed name came
        // out different when the same commit was built in another folder, with the same bytes, and
        // a store reviewer's rebuild must match file for file (scripts/package.test.ts). Only the
        // manifest's loader imports it. `assets/[name]-[hash].js` is crxjs's own pattern.
        output: { chunkFileNames: (chunk) => (chunk.isEntry && chunk.facadeModuleId === local('src/background/index.ts') ? 'assets/background.js' : 'assets/[name]-[hash].js') },
      },
    },
    logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'warn',
  };
});

function local(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

function pick(all: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[0].startsWith('VITE_') && e[1] !== undefined));
}
