/**
 * Bundle budgets of a built extension (issue 15): gzip bytes per entry, and no file in the
 * build that nothing references. `npm run package` refuses to package a build that misses one;
 * `npm run bench` reports the same figures as budgets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleSizes, type BundleSize } from './bundle-graph.ts';

/** JS gzip KB (1024 bytes) per entry (stylesheets are not counted). The popup's is for what its first view loads. */
export const GZIP_BUDGETS_KB: Record<string, number> = { popup: 18, background: 42, content: 14 };

export interface BudgetCheck {
  sizes: BundleSize[];
  /** Plain sentences, empty when every budget is met. */
  problems: string[];
  /** Files of the build referenced by no manifest field, page, script or other file. */
  unreferenced: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).replaceAll('\\', '/'));
}

/**
 * A file is referenced when its path (or its name, for relative imports and chunk URLs) occurs
 * in the manifest or in another file of the build. manifest.json itself is the root, and a
 * manifest with `default_locale` references every `_locales/<lang>/messages.json`: the browser
 * picks one by the user's language, so no file names them.
 */
export function unreferencedFiles(dist: string): string[] {
  const files = filesUnder(dist);
  const texts = files.filter((f) => /\.(js|html|css|json)$/.test(f)).map((f) => ({ f, text: readFileSync(join(dist, f), 'utf8') }));
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { default_locale?: string };
  const isCatalog = (file: string) => manifest.default_locale !== undefined && /^_locales\/[^/]+\/messages\.json$/.test(file);
  return files.filter((file) => {
    if (file === 'manifest.json' || file.startsWith('.vite/') || isCatalog(file)) return false;
    const name = file.split('/').pop() ?? file;
    return !texts.some(({ f, text }) => f !== file && (text.includes(file) || text.includes(name)));
  }).sort();
}

/** gzip bytes of the entry's JS files, one stream per file as a browser fetches them. */
export function jsGzip(dist: string, size: BundleSize): number {
  return size.files.filter((f) => f.endsWith('.js')).reduce((a, f) => a + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
}

export function checkBundleBudgets(dist: string): BudgetCheck {
  const sizes = bundleSizes(dist);
  const problems: string[] = [];
  for (const [entry, kb] of Object.entries(GZIP_BUDGETS_KB)) {
    const size = sizes.find((s) => s.entry === entry);
    if (!size) continue;
    const got = jsGzip(dist, size) / 1024;
    if (got > kb) problems.push(`${entry} is ${got.toFixed(1)} KB gzip, budget ${kb} KB`);
  }
  const unreferenced = unreferencedFiles(dist);
  for (const f of unreferenced) problems.push(`unreferenced file in the build: ${f}`);
  return { sizes, problems, unreferenced };
}
