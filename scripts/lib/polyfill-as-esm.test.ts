import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLYFILL_FILE, polyfillAsEsm, umdAsEsm } from './polyfill-as-esm.ts';

const require = createRequire(import.meta.url);
const polyfillPath = require.resolve('webextension-polyfill');

/** The real polyfill, wrapped as the build wraps it, imported as a module. */
async function wrappedPolyfill(): Promise<unknown> {
  const code = umdAsEsm(readFileSync(polyfillPath, 'utf8'));
  const url = `data:text/javascript;base64,${Buffer.from(`${code}\n// ${Math.random()}`).toString('base64')}`;
  return ((await import(/* @vite-ignore */ url)) as { default: unknown }).default;
}

afterEach(() => vi.unstubAllGlobals());

describe('webextension-polyfill as an ES module', () => {
  it('exports the browser that passes through where the browser has a native one', async () => {
    const native = { runtime: { id: 'ext' } };
    vi.stubGlobal('chrome', { runtime: { id: 'ext' } });
    vi.stubGlobal('browser', native);
    expect(await wrappedPolyfill()).toBe(native);
  });

  it('exports the promise wrapper around chrome.* otherwise, and writes no global', async () => {
    const sendMessage = vi.fn((message: unknown, reply: (answer: unknown) => void) => reply({ ok: true, echo: message }));
    vi.stubGlobal('chrome', { runtime: { id: 'ext', sendMessage, lastError: undefined } });
    vi.stubGlobal('browser', undefined);
    const browser = (await wrappedPolyfill()) as { runtime: { sendMessage(m: unknown): Promise<unknown> } };
    await expect(browser.runtime.sendMessage({ type: 'auth/state' })).resolves.toEqual({ ok: true, echo: { type: 'auth/state' } });
    expect(sendMessage).toHaveBeenCalledWith({ type: 'auth/state' }, expect.any(Function));
    expect(globalThis.browser).toBeUndefined();
  });

  it('wraps the package file the build resolves, minified or not, and nothing else', () => {
    expect(polyfillPath).toMatch(POLYFILL_FILE);
    expect('/x/node_modules/webextension-polyfill/dist/browser-polyfill.min.js').toMatch(POLYFILL_FILE);
    expect('/x/src/shared/browser.ts').not.toMatch(POLYFILL_FILE);
    const transform = polyfillAsEsm().transform as { filter: { id: RegExp }; handler: (code: string) => { code: string } };
    expect(transform.filter.id).toBe(POLYFILL_FILE);
    expect(transform.handler('factory();').code).toBe(umdAsEsm('factory();'));
  });
});
