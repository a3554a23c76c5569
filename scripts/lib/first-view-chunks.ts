/**
 * The popup's first view in as few files as its sharing allows (the popup byte budget).
 *
 * Rolldown's automatic splitting makes one chunk per set of entries that share a module: the
 * popup shared six with the worker, the options page and the feed page in every combination
 * (`wire-constants` alone was a tiny file). Every file is fetched and gzipped on its own,
 * with its own imports and exports, and it compresses without its neighbours' words. This plugin
 * groups what the popup's first view shares into two chunks:
 *
 * - `shared`: what the worker imports too (webextension-polyfill, the storage keys, the page
 *   sentences). Only worker code is in it, so the worker loads nothing of the pages.
 * - `ui`: what the other pages share with the popup (preact, the UI parts, the feed list). The
 *   options page loads the feed list with it, which it does not draw.
 *
 * Both are Rolldown's documented `output.codeSplitting.groups`. Their sets come from our build's
 * module graph (`getModuleIds`/`getModuleInfo` in `buildEnd`; static imports only: lazy views
 * are chunks of their own and import from these), so a new shared module needs no list here.
 */
import type { Plugin } from 'vite';

export interface FirstViewChunkOptions {
  /** How the popup's entry module id ends, e.g. `src/popup/index.html`. */
  popup: string;
  /** How the worker's entry module id ends, e.g. `src/background/index.ts`. */
  worker: string;
}

interface Graph {
  entries: string[];
  importedIds(id: string): readonly string[];
}

/** `id` and every module it imports statically. */
function closure(graph: Graph, id: string, seen = new Set<string>()): Set<string> {
  if (seen.has(id)) return seen;
  seen.add(id);
  for (const next of graph.importedIds(id)) closure(graph, next, seen);
  return seen;
}

/** The popup's shared modules, by chunk: with the worker, and with the other pages only. */
export function firstViewGroups(graph: Graph, o: FirstViewChunkOptions): { shared: Set<string>; ui: Set<string> } {
  const popup = graph.entries.find((e) => e.endsWith(o.popup));
  if (!popup) throw new Error(`first-view-chunks: no entry ends with ${o.popup}`);
  const worker = graph.entries.find((e) => e.endsWith(o.worker));
  const workerModules = worker ? closure(graph, worker) : new Set<string>();
  const pageModules = new Set(graph.entries.filter((e) => e !== popup && e !== worker).flatMap((e) => [...closure(graph, e)]));
  const shared = new Set<string>();
  const ui = new Set<string>();
  for (const m of closure(graph, popup)) {
    if (workerModules.has(m)) shared.add(m);
    else if (pageModules.has(m)) ui.add(m);
  }
  return { shared, ui };
}

export function firstViewChunks(o: FirstViewChunkOptions): Plugin {
  let groups = { shared: new Set<string>(), ui: new Set<string>() };
  return {
    name: 'cruddur:first-view-chunks',
    apply: 'build',
    config: () => ({
      build: {
        rolldownOptions: {
          output: {
            codeSplitting: {
              // In this order: a module the worker shares never goes to `ui`.
              groups: [
                { name: 'shared', test: (id: string) => groups.shared.has(id) },
                { name: 'ui', test: (id: string) => groups.ui.has(id) },
              ],
            },
          },
        },
      },
    }),
    buildEnd() {
      const ids = [...this.getModuleIds()];
      groups = firstViewGroups({ entries: ids.filter((id) => this.getModuleInfo(id)?.isEntry), importedIds: (id) => this.getModuleInfo(id)?.importedIds ?? [] }, o);
    },
  };
}
