/**
 * The background as one classic script instead of crxjs's module loader and its chunks.
 *
 * Why: a stopped worker is started again for nearly every event, and the first answer waits for
 * its script. A module worker fetches and links a graph (crxjs's `service-worker-loader.js` →
 * the entry chunk → chunks shared with pages), a classic one reads one file. Measured on this
 * machine (`npm run bench -- --only=popup`, and the A/B in README "Performance"): about 9 ms of a
 * wake, out of the 40–50 ms it takes in all. Both browsers run classic background scripts
 * (Chrome `background.service_worker` without `type`, Firefox `background.scripts`).
 *
 * How: crxjs builds as usual; its manifest is rewritten to name `background.js`
 * (`renderCrxManifest`), and once the files are written the loader's whole import graph is
 * bundled again into that one IIFE file. Chunks only the worker used are removed, so nothing
 * unreferenced ships; chunks pages share stay (their copy inside `background.js` is the worker's).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';
import { closure, htmlEntry } from './bundle-graph.ts';

export const CLASSIC_WORKER_FILE = 'background.js';

interface Background {
  service_worker?: string;
  scripts?: string[];
  type?: string;
  [key: string]: unknown;
}

/** The manifest's background pointed at the classic file; the loader it named, if any. */
export function withClassicWorker<M extends { background?: Background; [key: string]: unknown }>(manifest: M): { manifest: M; loader: string | null } {
  const bg = manifest.background;
  const loader = bg?.service_worker ?? bg?.scripts?.[0] ?? null;
  if (!bg || !loader) return { manifest, loader: null };
  const { type: _module, service_worker: _sw, scripts: _scripts, ...rest } = bg;
  const background = bg.service_worker ? { ...rest, service_worker: CLASSIC_WORKER_FILE } : { ...rest, scripts: [CLASSIC_WORKER_FILE] };
  return { manifest: { ...manifest, background }, loader: loader.replace(/^\//, '') };
}

/** `pages`: the built HTML pages (root-relative), whose chunks must stay. */
export function classicWorker(o: { pages: readonly string[]; target: string }): Plugin {
  let outDir = '';
  let loader: string | null = null;
  return {
    name: 'cruddur:classic-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    // crxjs calls this hook on every plugin after its own.
    renderCrxManifest(manifest: { background?: Background }) {
      const rewritten = withClassicWorker(manifest);
      loader = rewritten.loader;
      return rewritten.manifest;
    },
    async closeBundle() {
      if (!loader) return;
      const workerFiles = closure(outDir, loader);
      await build({
        configFile: false,
        root: outDir,
        logLevel: 'silent',
        publicDir: false,
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: o.target,
          minify: true,
          rollupOptions: { input: join(outDir, loader), output: { format: 'iife', entryFileNames: CLASSIC_WORKER_FILE } },
        },
      });
      // What the pages load stays, even where the worker used it too.
      const shared = new Set(o.pages.flatMap((page) => [...htmlEntry(outDir, page)]));
      for (const file of workerFiles) if (!shared.has(file)) rmSync(join(outDir, file));
    },
  } as Plugin;
}
