import { afterEach, describe, expect, it, vi } from 'vitest';
import { SMALL_PRELOAD_HELPER, smallPreloadHelper, PRELOAD_HELPER_ID } from './small-preload-helper.ts';

// The helper as the page runs it (an ES module), against a document of plain objects that
// records what it is asked to do.
interface FakeLink {
  rel: string;
  href: string;
  onload?: () => void;
  onerror?: () => void;
}

/** `linked`: the hrefs of the stylesheets the page's HTML links (as Vite writes them, "/assets/…"). */
function page(linked: string[]) {
  const appended: FakeLink[] = [];
  const doc = {
    querySelector: vi.fn((selector: string) => {
      const href = /^link\[href="([^"]+)"\]$/.exec(selector)?.[1];
      expect(href, selector).toBeDefined();
      return [...linked, ...appended.map((l) => l.href)].includes(href!) ? { href } : null;
    }),
    createElement: vi.fn((tag: string) => {
      expect(tag).toBe('link');
      return { rel: '', href: '' } as FakeLink;
    }),
    head: { append: (link: FakeLink) => void appended.push(link) },
  };
  vi.stubGlobal('document', doc);
  return { appended };
}

async function helper(): Promise<(load: () => Promise<string>, deps?: string[]) => Promise<string>> {
  const url = `data:text/javascript;base64,${Buffer.from(SMALL_PRELOAD_HELPER).toString('base64')}`;
  return ((await import(/* @vite-ignore */ url)) as { __vitePreload: never }).__vitePreload;
}

afterEach(() => vi.unstubAllGlobals());

describe('the small preload helper', () => {
  it.each([
    ['no deps at all', undefined],
    ['an empty list', []],
    ['a stylesheet the page already links', ['assets/theme-1.css']],
  ])('imports at once, adding nothing, given %s', async (_, deps) => {
    const { appended } = page(['/assets/theme-1.css']);
    const load = vi.fn(() => Promise.resolve('module'));
    await expect((await helper())(load, deps)).resolves.toBe('module');
    expect(load).toHaveBeenCalledTimes(1);
    expect(appended).toEqual([]);
  });

  it('links a stylesheet the page lacks and imports only once it has loaded', async () => {
    const { appended } = page([]);
    const load = vi.fn(() => Promise.resolve('module'));
    const done = (await helper())(load, ['assets/extra-2.css']);
    await Promise.resolve();
    expect(appended).toEqual([expect.objectContaining({ rel: 'stylesheet', href: '/assets/extra-2.css' })]);
    expect(load).not.toHaveBeenCalled();
    appended[0]!.onload!();
    await expect(done).resolves.toBe('module');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fails, without importing, when the stylesheet cannot load', async () => {
    const { appended } = page([]);
    const load = vi.fn(() => Promise.resolve('module'));
    const done = (await helper())(load, ['assets/gone-3.css']);
    await Promise.resolve();
    appended[0]!.onerror!();
    await expect(done).rejects.toThrow('Unable to load assets/gone-3.css');
    expect(load).not.toHaveBeenCalled();
  });
});

describe('the plugin', () => {
  const configResolved = (config: object) => (smallPreloadHelper().configResolved as (c: object) => void)(config);

  it('serves the helper under the id Vite imports it from, and nothing else', () => {
    const plugin = smallPreloadHelper();
    const load = plugin.load as (id: string) => string | null;
    const resolveId = plugin.resolveId as (id: string) => string | null;
    expect(resolveId(PRELOAD_HELPER_ID)).toBe(PRELOAD_HELPER_ID);
    expect(load(PRELOAD_HELPER_ID)).toBe(SMALL_PRELOAD_HELPER);
    expect(resolveId('preact')).toBeNull();
    expect(load('/src/popup/app.tsx')).toBeNull();
  });

  it.each([
    ['a base other than "/"', { base: './', build: { modulePreload: false } }, 'base is "./"'],
    ['module preloading left on', { base: '/', build: { modulePreload: { polyfill: false } } }, 'set build.modulePreload to false'],
  ])('refuses a build with %s', (_, config, message) => {
    expect(() => configResolved(config)).toThrow(message);
  });

  it('accepts the extension build: base "/", no module preloading', () => {
    expect(() => configResolved({ base: '/', build: { modulePreload: false } })).not.toThrow();
  });
});
