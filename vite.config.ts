import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, loadEnv } from 'vite';
import { injectedScriptsNotWebAccessible } from './scripts/lib/injected-scripts.ts';
import { manifestFor, type Target } from './scripts/manifest.ts';

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
      crx({ manifest: manifestFor(target, env) as never, browser: target }),
      // The feed panel (src/content/main.tsx?iife) is injected by the scripting API only.
      injectedScriptsNotWebAccessible(['src/content/main.js']),
    ],
    build: {
      outDir: process.env.EXTENSION_OUT_DIR ?? `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // The feed page (in-page frame, side panel, Firefox sidebar): built for both targets,
      // whether or not crxjs finds it in the manifest (it does not know `sidebar_action`).
      rollupOptions: { input: { feed: 'src/feed/index.html' } },
    },
    logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'warn',
  };
});

function pick(all: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[0].startsWith('VITE_') && e[1] !== undefined));
}
