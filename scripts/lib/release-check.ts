/**
 * What must never ship in a store package: a dev build (crxjs's dev loader imports from the
 * Vite dev server, and dev builds make everything web-accessible), web-accessible resources
 * open to every site, or a match pattern with a port (Firefox silently never matches it).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ManifestLike {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  web_accessible_resources?: { matches?: string[]; resources?: string[] }[];
}

const BROAD = new Set(['<all_urls>', '*://*/*', 'http://*/*', 'https://*/*']);
const DEV_MARKERS = ['/@vite/client', '/@vite/env', '/@crx/', 'localhost:5173'];

/** Match patterns anywhere in the manifest that carry a port, e.g. `http://localhost:3000/*`. */
export function patternsWithPorts(manifest: ManifestLike): string[] {
  const patterns = [
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []),
    ...(manifest.web_accessible_resources ?? []).flatMap((w) => w.matches ?? []),
  ];
  return patterns.filter((p) => /^[a-z*-]+:\/\/[^/]*:\d*\//i.test(p) || /^[a-z*-]+:\/\/[^/]*:\*\//i.test(p));
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Problems that make `dir` unfit for a store; empty when it is fine. */
export async function releaseProblems(dir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestLike;
  const problems: string[] = [];
  for (const pattern of patternsWithPorts(manifest)) problems.push(`match pattern with a port: ${pattern}`);
  for (const entry of manifest.web_accessible_resources ?? []) {
    const broad = (entry.matches ?? []).filter((m) => BROAD.has(m));
    if (broad.length) problems.push(`web-accessible to every site (${broad.join(', ')}): ${(entry.resources ?? []).join(', ')}`);
  }
  for (const file of await files(dir)) {
    if (!/\.(js|html|json)$/.test(file)) continue;
    const text = await readFile(file, 'utf8');
    const marker = DEV_MARKERS.find((m) => text.includes(m));
    if (marker) problems.push(`dev-server code (${marker}) in ${file.slice(dir.length + 1)}`);
  }
  return problems;
}
