// What the stores are told (store/, PRIVACY.md, CHANGELOG.md) against what the built extension
// is: one build of each browser, then every permission has its reason and every reason its
// permission, Firefox's data declaration is the one store/README.md explains, within Firefox's
// taxonomy and accepted by web-ext lint, the listing fits the stores' limits, the version is one,
// the privacy page is PRIVACY.md's, and the images have the stores' sizes.
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension } from './lib/build.ts';
import { lintFirefox } from './lib/web-ext.ts';
import type { Manifest, Target } from './manifest.ts';
import { STORAGE_KEYS } from '../src/shared/storage-keys.ts';
import { PRIVACY_PAGE_FILE, privacyPageFromSources } from './privacy-page.ts';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8');
const ENV = { VITE_API_URL: 'https://api.cruddur.example', VITE_WEB_APP_ORIGINS: 'https://cruddur.example' };

/** Firefox's data-collection taxonomy (extensionworkshop.com, "Firefox built-in consent"). */
const FIREFOX_PERSONAL_DATA = [
  'personallyIdentifyingInfo',
  'healthInfo',
  'financialAndPaymentInfo',
  'authenticationInfo',
  'personalCommunications',
  'locationInfo',
  'browsingActivity',
  'websiteContent',
  'websiteActivity',
  'searchTerms',
  'bookmarksInfo',
];

/** The backticked names in one cell (the first by default) of each row of the markdown table under `heading`. */
function cellNames(markdown: string, heading: string, column = 0): string[] {
  const start = markdown.indexOf(`${heading}\n`);
  expect(start, `${heading} missing`).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length);
  const section = rest.slice(0, rest.search(/\n#{1,3} |$/));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .flatMap((line) => [...(line.slice(2).split(' | ')[column] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

/** What a manifest asks the user for: API permissions, host access, optional hosts, web-accessible files. */
function declared(m: Manifest): string[] {
  const list = (key: string) => (m[key] as string[] | undefined) ?? [];
  const war = (m.web_accessible_resources as { resources: string[] }[] | undefined) ?? [];
  return [
    ...list('permissions'),
    ...list('optional_permissions'),
    ...(list('host_permissions').length ? ['host_permissions'] : []),
    ...list('optional_host_permissions'),
    ...war.flatMap((w) => w.resources),
  ];
}

/** A PNG's size; it must be 24-bit RGB without an alpha channel (bit depth 8, colour type 2), as Chrome's listing images. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png[24], png[25]]).toEqual([8, 2]);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the stores are told what the extension does', () => {
  let temp: string;
  let dirs: Record<Target, string>;
  const manifests = {} as Record<Target, Manifest>;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cruddur-store-'));
    dirs = await buildExtension({ outRoot: temp, env: ENV, quiet: true });
    for (const target of ['chrome', 'firefox'] as const) manifests[target] = JSON.parse(await readFile(join(dirs[target], 'manifest.json'), 'utf8')) as Manifest;
  }, 120_000);
  afterAll(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  describe('permissions', () => {
    it('has a reason for every permission either build declares, and declares every one with a reason', async () => {
      const reasons = cellNames(await read('store/permissions.md'), '## Permissions');
      const all = new Set([...declared(manifests.chrome), ...declared(manifests.firefox)]);
      expect(all.has('host_permissions')).toBe(true);
      expect([...all].filter((p) => !reasons.includes(p))).toEqual([]);
      expect(reasons.filter((p) => !all.has(p))).toEqual([]);
      expect(new Set(reasons).size).toBe(reasons.length);
    });

    it('explains every permission the README lists', async () => {
      const reasons = new Set(cellNames(await read('store/permissions.md'), '## Permissions'));
      const readme = cellNames(await read('README.md'), '## Permissions, and why');
      expect(readme.length).toBeGreaterThan(4);
      // The README writes the optional hosts as one pattern, `http(s)://*/*`.
      expect(readme.filter((p) => !reasons.has(p) && !p.startsWith('http'))).toEqual([]);
    });
  });

  describe("Firefox's data declaration", () => {
    it('declares, as required, exactly the categories store/README.md explains, all in the taxonomy', async () => {
      const gecko = (manifests.firefox.browser_specific_settings as { gecko: { data_collection_permissions: { required: string[]; optional?: string[] } } }).gecko;
      const { required, optional = [] } = gecko.data_collection_permissions;
      const explained = cellNames(await read('store/README.md'), '## Data declarations', 2).filter((n) => FIREFOX_PERSONAL_DATA.includes(n));
      expect([...required].sort()).toEqual([...explained].sort());
      expect(required).toEqual(expect.arrayContaining(['authenticationInfo', 'personallyIdentifyingInfo', 'personalCommunications', 'websiteContent']));
      expect(required.every((c) => FIREFOX_PERSONAL_DATA.includes(c))).toBe(true);
      expect(required).not.toContain('none');
      expect(optional).toEqual([]);
    });

    it('passes web-ext lint with no error and no data-collection warning', async () => {
      const report = await lintFirefox(dirs.firefox);
      expect(report.errors).toEqual([]);
      expect(report.warnings.filter((w) => /DATA_COLLECTION/.test(w.code))).toEqual([]);
    }, 60_000);

    it('is Firefox-only', () => {
      expect(manifests.chrome).not.toHaveProperty('browser_specific_settings');
    });
  });

  describe('listing', () => {
    it("fits each language's summary, and the manifest's, within the Chrome Web Store's 132 characters (AMO allows 250)", async () => {
      const languages = (await readdir(resolve(ROOT, 'store'), { withFileTypes: true })).filter((e) => e.isDirectory() && /^[a-z]{2}(_[A-Z]{2})?$/.test(e.name));
      expect(languages.map((l) => l.name)).toContain('en');
      for (const { name } of languages) {
        const summary = (await read(`store/${name}/summary.txt`)).trim();
        expect(summary.length, name).toBeGreaterThan(40);
        expect([...summary].length, name).toBeLessThanOrEqual(132);
        expect((await read(`store/${name}/description.md`)).trim().length, name).toBeGreaterThan(500);
      }
      for (const m of Object.values(manifests)) {
        expect([...(m.description as string)].length).toBeLessThanOrEqual(132);
        // AMO's limit, the stricter of the two (Chrome's is 75).
        expect([...(m.name as string)].length).toBeLessThanOrEqual(50);
      }
    });

    it("keeps each language's description in English's shape: the same sections and list items", async () => {
      const shape = (text: string) => {
        const blocks = text.trim().split(/\n\s*\n/);
        return { sections: blocks.length, items: blocks.map((b) => b.split('\n').filter((l) => l.startsWith('- ')).length) };
      };
      const english = shape(await read('store/en/description.md'));
      const languages = (await readdir(resolve(ROOT, 'store'), { withFileTypes: true })).filter((e) => e.isDirectory() && /^[a-z]{2}(_[A-Z]{2})?$/.test(e.name));
      expect(languages.map((l) => l.name).sort()).toEqual(['ar', 'de', 'en', 'es', 'ja']);
      for (const { name } of languages) expect(shape(await read(`store/${name}/description.md`)), name).toEqual(english);
    });

    it('has one version: package.json, manifest.json, both builds and the newest CHANGELOG entry', async () => {
      const { version } = JSON.parse(await read('package.json')) as { version: string };
      expect((JSON.parse(await read('manifest.json')) as { version: string }).version).toBe(version);
      expect(manifests.chrome.version).toBe(version);
      expect(manifests.firefox.version).toBe(version);
      const entries = [...(await read('CHANGELOG.md')).matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
      expect(entries[0]).toBe('Unreleased');
      expect(entries[1]).toBe(version);
    });

    it('has screenshots and promotional tiles at the sizes the stores take', async () => {
      const shots = (await readdir(resolve(ROOT, 'store/screenshots'))).filter((f) => f.endsWith('.png'));
      expect(shots.length).toBeGreaterThanOrEqual(1);
      // Chrome shows at most five.
      expect(shots.length).toBeLessThanOrEqual(5);
      for (const shot of shots) expect(pngSize(await readFile(resolve(ROOT, 'store/screenshots', shot))), shot).toEqual({ width: 1280, height: 800 });
      expect(pngSize(await readFile(resolve(ROOT, 'store/promo/small-tile.png')))).toEqual({ width: 440, height: 280 });
      expect(pngSize(await readFile(resolve(ROOT, 'store/promo/marquee.png')))).toEqual({ width: 1400, height: 560 });
    });
  });

  describe('privacy policy', () => {
    it('ships as an extension page made from PRIVACY.md and the permission reasons', async () => {
      const page = await privacyPageFromSources();
      expect(await readFile(PRIVACY_PAGE_FILE, 'utf8'), 'public/privacy.html is stale: run npx tsx scripts/privacy-page.ts').toBe(page);
      for (const dir of Object.values(dirs)) expect(await readFile(join(dir, 'privacy.html'), 'utf8')).toBe(page);
      expect(page).toContain('<h2 id="permissions">Permissions</h2>');
      expect(page).toContain('<a href="#permissions">');
      expect(page).not.toMatch(/<script|\]\(|\*\*/);
    });

    it('speaks of every storage area the extension uses', async () => {
      const policy = await read('PRIVACY.md');
      const words: Record<string, string> = { local: 'In local storage', session: 'In session storage', sync: 'In sync storage', indexeddb: "In the extension's IndexedDB" };
      const used = new Set(Object.values(STORAGE_KEYS).map((k) => k.area));
      expect(used.size).toBeGreaterThan(2);
      for (const area of used) expect(policy, area).toContain(words[area]);
      for (const [area, phrase] of Object.entries(words)) if (!used.has(area as never)) expect(policy, area).not.toContain(phrase);
    });

    it('is linked from Settings and the welcome page', async () => {
      for (const view of ['src/options/options-app.tsx', 'src/welcome/main.tsx']) expect(await read(view), view).toContain('href="/privacy.html"');
    });
  });
});
