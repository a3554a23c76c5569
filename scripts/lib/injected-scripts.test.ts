import { describe, expect, it } from 'vitest';
import { withoutWebAccessible } from './injected-scripts.ts';

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
