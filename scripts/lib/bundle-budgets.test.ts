import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBundleBudgets, GZIP_BUDGETS_KB, unreferencedFiles } from './bundle-budgets.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A tiny build: a worker importing one chunk, a popup page, and whatever `extra` adds. */
function build(extra: Record<string, string | Buffer> = {}): string {
  const dist = mkdtempSync(join(tmpdir(), 'budgets-'));
  dirs.push(dist);
  const files: Record<string, string | Buffer> = {
    'manifest.json': JSON.stringify({ background: { service_worker: 'sw.js' }, action: { default_popup: 'src/popup/index.html' } }),
    'sw.js': 'import "./assets/core-1.js";',
    'assets/core-1.js': 'export const x = 1;',
    'src/popup/index.html': '<script type="module" src="/assets/popup-2.js"></script>',
    'assets/popup-2.js': 'import "./core-1.js";',
    ...extra,
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dist, f, '..'), { recursive: true });
    writeFileSync(join(dist, f), text);
  }
  return dist;
}

describe('bundle budgets', () => {
  it('passes a small build where every file is referenced', () => {
    expect(checkBundleBudgets(build()).problems).toEqual([]);
  });

  it('names a file that nothing references (the old assets/main.tsx-*.js case)', () => {
    const dist = build({ 'assets/main.tsx-abc.js': 'export default 1;' });
    expect(unreferencedFiles(dist)).toEqual(['assets/main.tsx-abc.js']);
    expect(checkBundleBudgets(dist).problems).toEqual(['unreferenced file in the build: assets/main.tsx-abc.js']);
  });

  it('counts the language catalogs as referenced only when the manifest names a default_locale', () => {
    const catalogs = { '_locales/en/messages.json': '{}', '_locales/de/messages.json': '{}' };
    expect(unreferencedFiles(build(catalogs))).toEqual(['_locales/de/messages.json', '_locales/en/messages.json']);
    const manifest = JSON.stringify({ default_locale: 'en', background: { service_worker: 'sw.js' }, action: { default_popup: 'src/popup/index.html' } });
    expect(unreferencedFiles(build({ ...catalogs, 'manifest.json': manifest, '_locales/en/stray.json': '{}' }))).toEqual(['_locales/en/stray.json']);
  });

  it('names the entry over its gzip budget, with its size and the budget', () => {
    // Random bytes do not compress much, even as base64: these put the background over its budget.
    const budget = GZIP_BUDGETS_KB.background ?? 0;
    const dist = build({ 'sw.js': `import "./assets/core-1.js"; export const x = "${randomBytes((budget + 8) * 1024).toString('base64')}";` });
    expect(checkBundleBudgets(dist).problems).toEqual([expect.stringMatching(new RegExp(`^background is \\d+\\.\\d KB gzip, budget ${budget} KB$`))]);
  });
});
