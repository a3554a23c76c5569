import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { esmCopiesOf, withoutWebAccessible } from './injected-scripts.ts';

describe('injected scripts are not web-accessible', () => {
  it('drops the panel script crxjs opened to every site, and the entry it leaves empty', () => {
    const manifest = { name: 'x', web_accessible_resources: [{ matches: ['http://*/*', 'https://*/*'], resources: ['src/content/main.js'] }] };
    expect(withoutWebAccessible(manifest, ['src/content/main.js'])).toEqual({ name: 'x' });
  });

  it('keeps other resources where they were', () => {
    const manifest = { web_accessible_resources: [{ matches: ['https://a.com/*'], resources: ['/src/content/main.js', 'img.png'] }] };
    expect(withoutWebAccessible(manifest, ['src/content/main.js'])).toEqual({
      web_accessible_resources: [{ matches: ['https://a.com/*'], resources: ['img.png'] }],
    });
  });
});

describe("the ES copy crxjs emits of an injected-only script's module", () => {
  const PANEL = '/repo/src/content/main.tsx';
  const chunk = (fileName: string, o: { facade?: string; isEntry?: boolean; imports?: string[] } = {}) =>
    ({ type: 'chunk', fileName, isEntry: o.isEntry ?? true, facadeModuleId: o.facade ?? null, imports: o.imports ?? [], dynamicImports: [] }) as unknown as Rollup.OutputChunk;
  const bundleOf = (...chunks: Rollup.OutputChunk[]) => Object.fromEntries(chunks.map((c) => [c.fileName, c])) as Rollup.OutputBundle;

  it("is found by its facade module, and only the entry chunk of that module", () => {
    const bundle = bundleOf(chunk('assets/main.tsx-1.js', { facade: PANEL }), chunk('assets/index.html-2.js', { facade: '/repo/src/popup/index.html' }), chunk('assets/shared-3.js', { isEntry: false }));
    expect(esmCopiesOf(bundle, new Set([PANEL]))).toEqual(['assets/main.tsx-1.js']);
    expect(esmCopiesOf(bundle, new Set(['/repo/src/other.ts']))).toEqual([]);
  });

  it('is never dropped while another chunk imports it', () => {
    const bundle = bundleOf(chunk('assets/main.tsx-1.js', { facade: PANEL }), chunk('assets/index.html-2.js', { imports: ['assets/main.tsx-1.js'] }));
    expect(() => esmCopiesOf(bundle, new Set([PANEL]))).toThrow('assets/index.html-2.js imports assets/main.tsx-1.js');
  });
});
