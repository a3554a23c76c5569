/**
 * crxjs lists every `?script`/`?iife` file it builds as web-accessible to `http://*\/*` and
 * `https://*\/*`, for scripts that load through its loader. The feed panel is one IIFE file
 * injected by `scripting.executeScript`/`registerContentScripts`, which need no
 * web_accessible_resources; listing it would only let every site probe for the extension.
 * This plugin runs after crx's own `renderCrxManifest` and takes those files out again.
 */
import type { Plugin } from 'vite';

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

/** `files`: output paths of scripts that are only ever injected by the scripting API. */
export function injectedScriptsNotWebAccessible(files: readonly string[]): Plugin {
  return {
    name: 'cruddur:injected-scripts-not-web-accessible',
    // After crx's own plugins, which are `post` too.
    enforce: 'post',
    // crxjs calls this hook on every plugin, in order, after its own.
    renderCrxManifest(manifest: { web_accessible_resources?: WarEntry[] }) {
      return withoutWebAccessible(manifest, files);
    },
  } as Plugin;
}
