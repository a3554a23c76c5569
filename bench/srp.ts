/**
 * SRP client maths (A = g^a mod N, then the HKDF key from B and salt: what a sign-in computes),
 * native (src/auth/srp-native.ts) vs amazon-cognito-identity-js, same inputs, same run:
 * - in Node: `cases` random challenges (1,000 by default), every A, key and claim signature
 *   compared → mismatches (goal 0) and the median time of each side;
 * - in Chromium: a page built from bench/srp-page.ts, served from 127.0.0.1 (WebCrypto needs a
 *   secure context), `browserCases` challenges → each side's median; goal ≤ 40 ms native.
 */
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { librarySrpMethods, useNativeSrp } from '../src/auth/srp-native.ts';
import { CHROMIUM_PATH } from '../test/support/browser-chromium.ts';
import { compareWithLibrary, librarySignature, type CompareReport, type HelperClass } from '../src/auth/srp-compare.ts';
import { round, summarise, withTimeout, type Summary } from './stats.ts';

export interface SrpSide {
  cases: number;
  mismatches: string[];
  library: Summary;
  native: Summary;
  /** library median / native median */
  speedup: number;
}

export interface SrpResult {
  node: SrpSide;
  chromium: SrpSide;
}

function side(r: CompareReport): SrpSide {
  const library = summarise(r.libraryMs);
  const native = summarise(r.nativeMs);
  return { cases: r.cases, mismatches: r.mismatches.slice(0, 20), library, native, speedup: round(library.p50 / native.p50, 1) };
}

/** The library's own methods on one subclass, the native ones on another, whatever the adapter did. */
function helperClasses(): { Library: HelperClass; Native: HelperClass } {
  const Base = AuthenticationHelper as unknown as new (pool: string) => object;
  class Library extends Base {}
  const originals = librarySrpMethods(AuthenticationHelper);
  if (originals) Object.assign(Library.prototype, originals);
  class Native extends Base {}
  useNativeSrp(Native);
  return { Library: Library as unknown as HelperClass, Native: Native as unknown as HelperClass };
}

async function inChromium(cases: number): Promise<CompareReport> {
  const dir = await mkdtemp(join(tmpdir(), 'cruddur-srp-'));
  const server = createServer((req, res) => {
    if (req.url === '/srp.js') {
      void readFile(join(dir, 'srp.js')).then((js) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(js));
    } else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>srp</title><script src="/srp.js"></script>');
  });
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    await build({
      configFile: false,
      root: resolve(import.meta.dirname, '..'),
      logLevel: 'silent',
      define: { global: 'globalThis' },
      build: {
        outDir: dir,
        emptyOutDir: false,
        target: 'es2022',
        lib: { entry: resolve(import.meta.dirname, 'srp-page.ts'), formats: ['iife'], name: 'srpPage', fileName: () => 'srp.js' },
      },
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await withTimeout(
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] }),
      60_000,
      'launching Chromium for the SRP bench',
    );
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof globalThis.srpBench === 'function');
    return await page.evaluate((n) => globalThis.srpBench(n), cases);
  } finally {
    await browser?.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function srpBench(o: { cases?: number; browserCases?: number } = {}): Promise<SrpResult> {
  const { Library, Native } = helperClasses();
  const chromium = side(await withTimeout(inChromium(o.browserCases ?? 40), 300_000, 'SRP in Chromium'));
  const node = side(await compareWithLibrary(Library, Native, o.cases ?? 1000, librarySignature));
  return { node, chromium };
}
