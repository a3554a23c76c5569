import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { originPatterns } from '../../src/shared/match-patterns.ts';
import { patternsWithPorts, releaseProblems } from './release-check.ts';

let dir: string | undefined;
async function fixture(manifest: object, extra: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'release-'));
  dir = root;
  await writeFile(join(root, 'manifest.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(extra)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('release check', () => {
  it.each([
    ['host permission', { host_permissions: ['http://localhost:3000/*'] }],
    ['content script match', { content_scripts: [{ matches: ['https://cruddur.com:8443/*'] }] }],
    ['optional host permission', { optional_host_permissions: ['http://127.0.0.1:4567/*'] }],
  ])('finds a port in a %s', (_, manifest) => {
    expect(patternsWithPorts(manifest)).toHaveLength(1);
  });

  it('lets port-less patterns through', () => {
    expect(patternsWithPorts({ host_permissions: ['http://localhost/*', 'https://*.cruddur.com/*', '<all_urls>'] })).toEqual([]);
  });

  it("agrees with the extension's own patterns: what originPatterns makes of ported origins has no port", () => {
    const patterns = originPatterns(['http://localhost:3000', 'http://localhost:3001', 'https://cruddur.com:443', 'https://x.com:8443']);
    expect(patterns).toHaveLength(3);
    expect(patternsWithPorts({ content_scripts: [{ matches: patterns }] })).toEqual([]);
  });

  it('passes a clean production build', async () => {
    expect(await releaseProblems(await fixture({ host_permissions: ['https://api.cruddur.com/*'] }, { 'assets/a.js': 'console.log(1)' }))).toEqual([]);
  });

  it('flags resources web-accessible to every site, and dev-server code', async () => {
    const problems = await releaseProblems(
      await fixture(
        { web_accessible_resources: [{ matches: ['<all_urls>'], resources: ['**/*'] }] },
        { 'service-worker-loader.js': "import 'http://localhost:5173/@vite/env';" },
      ),
    );
    expect(problems).toEqual(['web-accessible to every site (<all_urls>): **/*', 'dev-server code (/@vite/env) in service-worker-loader.js']);
  });

  it('lets only the feed frame be web-accessible everywhere, by a dynamic URL in Chrome', async () => {
    const frame = { matches: ['http://*/*', 'https://*/*'], resources: ['src/feed/index.html'] };
    expect(await releaseProblems(await fixture({ web_accessible_resources: [{ ...frame, use_dynamic_url: true }] }))).toEqual([]);
    expect(await releaseProblems(await fixture({ web_accessible_resources: [frame] }))).toEqual([
      'web-accessible without use_dynamic_url: src/feed/index.html',
    ]);
    // Firefox has no dynamic URLs; its moz-extension:// UUID is random per install.
    expect(await releaseProblems(await fixture({ web_accessible_resources: [frame], browser_specific_settings: {} }))).toEqual([]);
    expect(
      await releaseProblems(await fixture({ web_accessible_resources: [{ ...frame, resources: ['src/feed/index.html', 'assets/x.js'], use_dynamic_url: true }] })),
    ).toEqual(['web-accessible to every site (http://*/*, https://*/*): src/feed/index.html, assets/x.js']);
  });

  it('names a build variable the code does not read, by name and by value', async () => {
    const root = await fixture(
      {},
      {
        'assets/a.js': 'const e={VITE_API_URL:"https://api.x",VITE_SECRET_PROBE:"hunter22"};',
        'assets/b.js': 'fetch("x", {headers: {k: "hunter22"}})',
      },
    );
    expect(await releaseProblems(root, { env: { VITE_SECRET_PROBE: 'hunter22', VITE_API_URL: 'https://api.x', VITE_FLAG: '1' } })).toEqual([
      'build variable VITE_SECRET_PROBE in assets/a.js',
      'value of build variable VITE_SECRET_PROBE in assets/a.js',
      'value of build variable VITE_SECRET_PROBE in assets/b.js',
    ]);
  });
});
