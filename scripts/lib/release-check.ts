/**
 * What must never ship in a store package: a dev build (crxjs's dev loader imports from the
 * Vite dev server, and dev builds make everything web-accessible), web-accessible resources
 * open to every site beyond the feed frame, a match pattern with a port (Firefox silently never
 * matches it), or a `VITE_*` build variable the code does not name (a secret of the build
 * machine that a whole-`import.meta.env` read would have inlined).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILD_VARIABLES } from '../../src/shared/settings.ts';

/**
 * The one page any site may frame: the feed page, which the in-page panel shows in an
 * extension-origin iframe ("Show feed on this page" works on any site the user picks, and web
 * accessibility cannot be changed at run time). Chrome must load it by a per-session dynamic
 * URL, so a page cannot probe for the extension by a fixed address.
 */
export const FRAME_PAGE = 'src/feed/index.html';

interface ManifestLike {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  web_accessible_resources?: { matches?: string[]; resources?: string[]; use_dynamic_url?: boolean }[];
  browser_specific_settings?: unknown;
}

export interface ReleaseOptions {
  /** The build's `VITE_*` variables, to find values of unnamed ones in the bundles. */
  env?: Record<string, string | undefined>;
}

const NAMED = new Set<string>(BUILD_VARIABLES);
// Values this short or common (empty, `true`) would match by chance.
const MIN_SECRET_LENGTH = 6;

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
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Problems that make `dir` unfit for a store; empty when it is fine. */
export async function releaseProblems(dir: string, o: ReleaseOptions = {}): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestLike;
  const chrome = manifest.browser_specific_settings === undefined;
  const problems: string[] = [];
  for (const pattern of patternsWithPorts(manifest)) problems.push(`match pattern with a port: ${pattern}`);
  for (const entry of manifest.web_accessible_resources ?? []) {
    const broad = (entry.matches ?? []).filter((m) => BROAD.has(m));
    const resources = entry.resources ?? [];
    const frameOnly = resources.length > 0 && resources.every((r) => r.replace(/^\//, '') === FRAME_PAGE);
    if (broad.length && !frameOnly) problems.push(`web-accessible to every site (${broad.join(', ')}): ${resources.join(', ')}`);
    if (frameOnly && chrome && entry.use_dynamic_url !== true) problems.push(`web-accessible without use_dynamic_url: ${resources.join(', ')}`);
  }
  const secrets = Object.entries(o.env ?? {}).filter(
    (e): e is [string, string] => e[0].startsWith('VITE_') && !NAMED.has(e[0]) && (e[1]?.length ?? 0) >= MIN_SECRET_LENGTH,
  );
  for (const file of await files(dir)) {
    if (!/\.(js|html|json)$/.test(file)) continue;
    const name = file.slice(dir.length + 1);
    const text = await readFile(file, 'utf8');
    const marker = DEV_MARKERS.find((m) => text.includes(m));
    if (marker) problems.push(`dev-server code (${marker}) in ${name}`);
    const unnamed = new Set([...text.matchAll(/\bVITE_[A-Z0-9_]+/g)].map((m) => m[0]).filter((v) => !NAMED.has(v)));
    for (const variable of unnamed) problems.push(`build variable ${variable} in ${name}`);
    for (const [variable, value] of secrets) if (text.includes(value)) problems.push(`value of build variable ${variable} in ${name}`);
  }
  return problems;
}
