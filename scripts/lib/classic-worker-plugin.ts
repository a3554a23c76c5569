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
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { build, type Plugin } from 'vite';

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

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

/** `file` and every JS file it imports statically (paths relative to `dir`). */
export function importClosure(dir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(join(dir, file))) return seen;
  seen.add(file);
  for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(STATIC_IMPORT)) {
    if (spec?.startsWith('.')) importClosure(dir, posix.normalize(posix.join(posix.dirname(file), spec)), seen);
  }
  return seen;
}

/** Every JS file the extension's HTML pages load. */
function pageScripts(dir: string, pages: readonly string[]): Set<string> {
  const files = new Set<string>();
  for (const page of pages) {
    if (!existsSync(join(dir, page))) continue;
    for (const [, ref] of readFileSync(join(dir, page), 'utf8').matchAll(/src="([^"]+\.js)"/g)) {
      if (ref) importClosure(dir, ref.startsWith('/') ? ref.slice(1) : posix.join(posix.dirname(page), ref), files);
    }
  }
  return files;
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
      const workerFiles = importClosure(outDir, loader);
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
      const shared = pageScripts(outDir, o.pages);
      for (const file of workerFiles) if (!shared.has(file)) rmSync(join(outDir, file));
    },
  } as Plugin;
}
