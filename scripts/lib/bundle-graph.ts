/**
 * Bytes of each entry point of a built extension (raw and gzip), mapped from the built
 * manifest and HTML: an entry is its own file plus every chunk and stylesheet it loads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  entry: string;
  files: string[];
  raw: number;
  gzip: number;
}

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

/** `file` and the closure of its static imports (paths relative to `dist`). */
export function closure(dist: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(join(dist, file))) return seen;
  seen.add(file);
  if (!file.endsWith('.js')) return seen;
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of code.matchAll(STATIC_IMPORT)) {
    if (!spec || !spec.startsWith('.') && !spec.startsWith('/')) continue;
    const next = spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec));
    closure(dist, next, seen);
  }
  return seen;
}

/** Every script and stylesheet an HTML page of the build loads, with their imports. */
export function htmlEntry(dist: string, html: string): Set<string> {
  const files = new Set<string>();
  const text = readFileSync(join(dist, html), 'utf8');
  for (const [, ref] of text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
    if (!ref) continue;
    const file = ref.startsWith('/') ? ref.slice(1) : posix.join(posix.dirname(html), ref);
    closure(dist, file, files);
  }
  return files;
}

function measure(dist: string, entry: string, files: Set<string>): BundleSize {
  const list = [...files].sort();
  const contents = list.map((f) => readFileSync(join(dist, f)));
  return {
    entry,
    files: list,
    raw: contents.reduce((a, b) => a + b.length, 0),
    // One gzip stream per file, as a browser fetches them.
    gzip: contents.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0),
  };
}

/** Sizes of background, popup, options and content entries; an entry the build lacks is omitted. */
export function bundleSizes(dist: string): BundleSize[] {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string; scripts?: string[] };
    action?: { default_popup?: string };
    options_ui?: { page?: string };
    content_scripts?: { js?: string[]; css?: string[] }[];
    web_accessible_resources?: { resources?: string[] }[];
  };
  const out: BundleSize[] = [];
  const bg = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (bg) out.push(measure(dist, 'background', closure(dist, bg)));
  if (manifest.action?.default_popup) out.push(measure(dist, 'popup', htmlEntry(dist, manifest.action.default_popup)));
  if (manifest.options_ui?.page) out.push(measure(dist, 'options', htmlEntry(dist, manifest.options_ui.page)));
  // The content script is declared in the manifest, or injected on demand (scripting) from a
  // loader crxjs lists among the web-accessible resources.
  const content = new Set<string>();
  for (const cs of manifest.content_scripts ?? []) for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) closure(dist, f, content);
  for (const war of manifest.web_accessible_resources ?? []) {
    for (const f of war.resources ?? []) if (/content|loader/i.test(f) && f.endsWith('.js')) closure(dist, f, content);
  }
  for (const f of filesUnder(dist)) if (/(^|\/)content[/.-]|content-script/i.test(f) && f.endsWith('.js')) closure(dist, f, content);
  if (content.size > 0) out.push(measure(dist, 'content', content));
  return out;
}

/** Every file of the build, relative to `dist` (posix separators). */
function filesUnder(dist: string, dir = ''): string[] {
  return readdirSync(join(dist, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dist, rel) : [rel];
  });
}
