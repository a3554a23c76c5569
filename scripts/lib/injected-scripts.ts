/**
 * Scripts only ever injected by the scripting API (the feed panel, `src/content/main.tsx?iife`):
 * crxjs builds each as one IIFE file, which `scripting.executeScript`/`registerContentScripts`
 * inject. Two of crxjs's defaults do not fit such a script, and this plugin undoes them with
 * documented hooks only:
 *
 * - crxjs lists every `?script`/`?iife` file as web-accessible to `http://*\/*` and
 *   `https://*\/*`, for scripts that load through its loader. Injection needs no
 *   web_accessible_resources; listing it would only let every site probe for the extension.
 *   crxjs's own `renderCrxManifest` hook (its public `CrxPlugin` type) takes those files out.
 * - crxjs also emits an ordinary ES chunk of the script's module (`assets/main.tsx-*.js`),
 *   which nothing loads. Rollup's `generateBundle` hook drops that chunk of our own module from
 *   the output ("delete files from the bundle object", as Rollup documents), and refuses the
 *   build if another chunk imports it.
 */
import { resolve } from 'node:path';
import type { CrxPlugin } from '@crxjs/vite-plugin';
import type { Rollup } from 'vite';

export interface InjectedScript {
  /** Root-relative source, e.g. `src/content/main.tsx`. */
  source: string;
  /** Root-relative built IIFE file, e.g. `src/content/main.js`. */
  file: string;
}

interface WarEntry {
  matches?: string[];
  resources: string[];
  [key: string]: unknown;
}

/** The manifest without `files` in any web_accessible_resources entry; entries left empty go. */
export function withoutWebAccessible<M extends { web_accessible_resources?: WarEntry[] }>(manifest: M, files: readonly string[]): M {
  if (!manifest.web_accessible_resources) return manifest;
  const drop = new Set(files.map((f) => f.replace(/^\//, '')));
  const entries = manifest.web_accessible_resources
    .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => !drop.has(r.replace(/^\//, ''))) }))
    .filter((entry) => entry.resources.length > 0);
  const { web_accessible_resources: _old, ...rest } = manifest;
  return (entries.length > 0 ? { ...rest, web_accessible_resources: entries } : rest) as M;
}

/** Output files that are entry chunks of `modules` (absolute ids); throws if another chunk imports one. */
export function esmCopiesOf(bundle: Rollup.OutputBundle, modules: ReadonlySet<string>): string[] {
  const copies = Object.values(bundle)
    .filter((out) => out.type === 'chunk' && out.isEntry && out.facadeModuleId !== null && modules.has(out.facadeModuleId))
    .map((out) => out.fileName);
  for (const out of Object.values(bundle)) {
    if (out.type !== 'chunk') continue;
    const used = [...out.imports, ...out.dynamicImports].find((f) => copies.includes(f));
    if (used) throw new Error(`injected-scripts: ${out.fileName} imports ${used}, the ES copy of an injected-only script; it cannot be dropped`);
  }
  return copies;
}

export function injectedScripts(scripts: readonly InjectedScript[]): CrxPlugin {
  let modules = new Set<string>();
  return {
    name: 'cruddur:injected-scripts',
    // After crx's own plugins, which are `post` too.
    enforce: 'post',
    configResolved(config) {
      modules = new Set(scripts.map((s) => resolve(config.root, s.source)));
    },
    // crxjs calls this hook on every plugin, in order, after its own.
    renderCrxManifest(manifest) {
      return withoutWebAccessible(manifest as { web_accessible_resources?: WarEntry[] }, scripts.map((s) => s.file)) as typeof manifest;
    },
    generateBundle(_options, bundle) {
      for (const file of esmCopiesOf(bundle, modules)) delete bundle[file];
    },
  };
}
