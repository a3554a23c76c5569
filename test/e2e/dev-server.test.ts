// `npm run dev` is crxjs's dev server: the extension it writes loads in Chromium, its pages and
// worker take their code from the dev server (Vite's HMR client included), a user signs in to
// their feed against a real local stack, an edit to a popup view hot-reloads the open popup in
// place, and an edit to the worker reloads the extension. Chromium only: crxjs's dev server
// targets Chrome. It runs in a copy of the project (the test edits sources there, never here),
// on a free port, and is stopped (its whole process group) after the suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../scripts/lib/ports.ts';
import { stackBuildEnv } from '../support/browser-build.ts';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { closeChecked, launchBuilt } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectHome, openPopup, signIn } from './popup-steps.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_MS = 90_000;

interface DevServer {
  url: string;
  /** The project copy it serves: edit sources here. */
  root: string;
  outDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** What a copy of the project leaves out (node_modules is linked instead). */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.local', 'test-results', 'artifacts', '.env.local']);

/**
 * `npm run dev` on `port` in a copy of the project, writing the unpacked extension to a temp
 * folder; resolves once it is written and served.
 */
async function startDevServer(env: Record<string, string>, port: number): Promise<DevServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cruddur-dev-'));
  const root = join(dir, 'project');
  const outDir = join(dir, 'extension');
  await cp(ROOT, root, { recursive: true, filter: (src) => !NOT_COPIED.has(src.slice(ROOT.length + 1).split(/[\\/]/)[0] ?? '') });
  await symlink(realpathSync(join(ROOT, 'node_modules')), join(root, 'node_modules'), 'dir');
  let output = '';
  const child: ChildProcess = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--strictPort'], {
    cwd: root,
    env: { ...process.env, ...env, EXTENSION_OUT_DIR: outDir },
    // Its own process group: npm, its shell and Vite stop together.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://localhost:${port}`;
  const server: DevServer = {
    url,
    root,
    outDir,
    output: () => output,
    async stop() {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid, 'SIGTERM');
        const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        if (!killed) process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + READY_MS;
  const written = ['manifest.json', 'service-worker-loader.js', 'src/popup/index.html'];
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (written.every((f) => existsSync(join(outDir, f)))) {
      const served = await fetch(`${url}/@vite/client`).then((r) => r.ok, () => false);
      if (served) return server;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`npm run dev did not write and serve the extension within ${READY_MS / 1000} s:\n${output}`);
}

describe('chromium: npm run dev (crxjs dev server)', () => {
  let stack: LocalStack;
  let dev: DevServer | undefined;
  let port: number;
  let driver: ExtensionDriver | undefined;
  let popup: ExtensionPage;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    ({ user } = await readyUser(stack, 'Dev'));
    port = await freePort();
    dev = await startDevServer(stackBuildEnv(stack), port);
    driver = await launchBuilt('chromium', dev.outDir);
  }, 180_000);

  afterAll(async () => {
    try {
      await closeChecked(driver, stack?.apiUrl);
    } finally {
      await dev?.stop();
      await stack?.stop();
    }
    // The dev server is gone: its port is free again.
    if (port) expect(await isPortFree(port)).toBe(true);
  }, 60_000);

  it("writes crxjs's dev loader, whose worker takes its code from the dev server", async () => {
    const manifest = JSON.parse(await readFile(join(dev!.outDir, 'manifest.json'), 'utf8')) as { background?: unknown; host_permissions?: string[] };
    expect(manifest.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    // Pointed at this stack's API, from the VITE_* values (as `.env.local` carries them for `npm start`'s stack).
    expect(manifest.host_permissions).toContain(`http://${new URL(stack.apiUrl).hostname}/*`);
    const loader = await readFile(join(dev!.outDir, 'service-worker-loader.js'), 'utf8');
    expect(loader).toContain(`${dev!.url}/src/background/index.ts`);
  });

  it('loads, and signs a user in to their feed through the popup served with HMR', async () => {
    popup = await openPopup(driver!);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    const fromDevServer = driver!.network().map((r) => r.url).filter((u) => u.startsWith(dev!.url));
    // The popup runs its sources from the dev server, with Vite's HMR client.
    expect(fromDevServer).toContain(`${dev!.url}/@vite/client`);
    expect(fromDevServer.some((u) => u.startsWith(`${dev!.url}/src/popup/`))).toBe(true);
  });

  it('hot-reloads an edited popup view in the open popup, without reloading the page', async () => {
    await popup.evaluate("() => { window.cruddurHmrMarker = 'same page'; }");
    await appendFile(join(dev!.root, 'src/popup/views/home.tsx'), "\ndocument.documentElement.dataset.hmrProbe = 'edited';\n");
    const probe = () => popup.evaluate<[string | undefined, string | undefined]>('() => [document.documentElement.dataset.hmrProbe, window.cruddurHmrMarker]');
    await waitUntil('the edited home view runs in the open popup', async () => (await probe())[0] === 'edited');
    expect(await probe()).toEqual(['edited', 'same page']);
    await expectHome(popup, user);
  });

  it('reloads the extension when the worker is edited', async () => {
    await popup.evaluate("() => { window.cruddurHmrMarker = 'before the edit'; }");
    await appendFile(join(dev!.root, 'src/background/index.ts'), "\nconsole.debug('edited');\n");
    // crxjs's worker client calls runtime.reload(): the browser closes (or reloads) the extension's
    // open pages. (Nothing is opened again here: under Playwright's command-line loaded extension,
    // a runtime.reload() can leave the extension blocked; a developer's unpacked load comes back.)
    const reloaded = () =>
      popup.evaluate<string | undefined>('() => window.cruddurHmrMarker').then(
        (marker) => marker === undefined,
        (error: Error) => /closed|destroyed/i.test(error.message),
      );
    await waitUntil('the extension reloads', reloaded).catch((e: Error) => {
      throw new Error(`${e.message}\nnpm run dev said:\n${dev!.output().slice(-3000)}`);
    });
    expect(dev!.output()).not.toMatch(/error/i);
  });
});

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out after ${ms} ms: ${what}`);
}
