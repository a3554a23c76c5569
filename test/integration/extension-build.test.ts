// The production builds as a store would receive them: both targets from one source, Firefox's
// manifest accepted by web-ext lint, and nothing that must not ship.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension } from '../../scripts/lib/build.ts';
import { unreferencedFiles } from '../../scripts/lib/bundle-budgets.ts';
import { patternsWithPorts, releaseProblems } from '../../scripts/lib/release-check.ts';
import { lintFirefox } from '../../scripts/lib/web-ext.ts';

let outRoot: string;
let out: Record<'chrome' | 'firefox', string>;
const manifest = async (target: 'chrome' | 'firefox') => JSON.parse(await readFile(join(out[target], 'manifest.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'cruddur-build-'));
  out = await buildExtension({
    outRoot,
    quiet: true,
    env: {
      VITE_COGNITO_REGION: 'eu-west-1',
      VITE_COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz',
      VITE_COGNITO_CLIENT_ID: '4lbmlmbe0ipkt9rak0g6e0kbgs',
      VITE_COGNITO_ENDPOINT: '',
      VITE_AUTH_FLOW: 'USER_SRP_AUTH',
      VITE_API_URL: 'https://api.cruddur.com',
      VITE_WEB_APP_ORIGINS: 'https://cruddur.com,http://localhost:3000',
      // A variable of the build machine that the code does not name: it must not ship.
      VITE_SECRET_PROBE: 'probe-5f0c1e9a',
    },
  });
}, 180_000);
afterAll(() => rm(outRoot, { recursive: true, force: true }));

describe('production builds', () => {
  it('lints the Firefox build with web-ext: 0 errors', async () => {
    const report = await lintFirefox(out.firefox);
    expect(report.errors).toEqual([]);
  }, 120_000);

  it.each(['chrome', 'firefox'] as const)('ships nothing a store must not get (%s)', async (target) => {
    expect(await releaseProblems(out[target], { env: { VITE_SECRET_PROBE: 'probe-5f0c1e9a' } })).toEqual([]);
  });

  it('names a build variable the code does not read when a bundle carries it', async () => {
    const bundle = join(out.chrome, 'assets', 'leak.js');
    await writeFile(bundle, 'const env = {VITE_SECRET_PROBE: "probe-5f0c1e9a"};');
    try {
      expect(await releaseProblems(out.chrome, { env: { VITE_SECRET_PROBE: 'probe-5f0c1e9a' } })).toEqual([
        'build variable VITE_SECRET_PROBE in assets/leak.js',
        'value of build variable VITE_SECRET_PROBE in assets/leak.js',
      ]);
    } finally {
      await rm(bundle);
    }
  });

  it.each([
    ['chrome', { side_panel: { default_path: 'src/feed/index.html' } }, true],
    ['firefox', { sidebar_action: expect.objectContaining({ default_panel: 'src/feed/index.html?surface=sidebar' }) }, false],
  ] as const)('shows the feed page beside the tabs and frames it with the feed page alone web-accessible (%s)', async (target, surface, dynamic) => {
    const m = await manifest(target);
    expect(m).toMatchObject(surface);
    expect(m.web_accessible_resources).toEqual([
      { matches: ['http://*/*', 'https://*/*'], resources: ['src/feed/index.html'], ...(dynamic ? { use_dynamic_url: true } : {}) },
    ]);
  });

  it.each(['chrome', 'firefox'] as const)('asks %s for exactly the configured hosts, without ports', async (target) => {
    const m = await manifest(target);
    expect(m.host_permissions).toEqual(['https://api.cruddur.com/*', 'https://cruddur.com/*', 'http://localhost/*']);
    expect(patternsWithPorts(m)).toEqual([]);
    expect(m.permissions).toEqual(['storage', 'alarms', 'activeTab', 'scripting', 'contextMenus', 'identity', ...(target === 'chrome' ? ['sidePanel'] : [])]);
    // The popup's shortcut: the browser's own "open the action" command, no listener of ours.
    expect(m.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+C' }, description: '__MSG_commandOpen__' } });
  });

  it('gives Firefox an event page and Chrome a service worker, from one source', async () => {
    const [chrome, firefox] = [await manifest('chrome'), await manifest('firefox')];
    // crxjs's own loader, as an ES module in both browsers.
    expect(chrome.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    expect(firefox.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(firefox.browser_specific_settings).toMatchObject({ gecko: { strict_min_version: '142.0' } });
  });

  it.each(['chrome', 'firefox'] as const)('ships no file nothing references, and the feed panel only as its injected IIFE (%s)', async (target) => {
    expect(unreferencedFiles(out[target])).toEqual([]);
    const assets = await readdir(join(out[target], 'assets'));
    expect(assets.filter((f) => f.startsWith('main.tsx'))).toEqual([]);
    const panel = await readFile(join(out[target], 'src/content/main.js'), 'utf8');
    expect(panel).not.toMatch(/^\s*import[\s{*"']|\bexport\s*\{/m);
  });
});
