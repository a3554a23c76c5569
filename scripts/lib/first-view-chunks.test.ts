import { describe, expect, it } from 'vitest';
import { firstViewChunks, firstViewGroups } from './first-view-chunks.ts';

// A module graph shaped like the extension's: popup, worker, options and feed entries.
const IMPORTS: Record<string, string[]> = {
  '/x/src/popup/index.html': ['home', 'preact', 'messaging', 'feed-list', 'storage-keys'],
  '/x/src/background/index.ts': ['router', 'storage-keys', 'polyfill'],
  '/x/src/options/index.html': ['options-app', 'preact', 'messaging', 'match-patterns'],
  '/x/src/feed/index.html': ['feed-panel', 'preact', 'feed-list'],
  messaging: ['polyfill'],
  home: ['feed-list', 'posted'],
};
const graph = { entries: Object.keys(IMPORTS).filter((id) => id.startsWith('/x/')), importedIds: (id: string) => IMPORTS[id] ?? [] };
const OPTIONS = { popup: 'src/popup/index.html', worker: 'src/background/index.ts' };

describe('the popup first view chunks', () => {
  it('puts what the popup shares with the worker in `shared`, and what it shares only with other pages in `ui`', () => {
    const { shared, ui } = firstViewGroups(graph, OPTIONS);
    expect([...shared].sort()).toEqual(['polyfill', 'storage-keys']);
    expect([...ui].sort()).toEqual(['feed-list', 'messaging', 'preact']);
  });

  it("leaves the popup's own modules, and what only other entries use, to the automatic chunks", () => {
    const { shared, ui } = firstViewGroups(graph, OPTIONS);
    for (const own of ['home', 'posted', 'router', 'options-app', 'match-patterns', 'feed-panel']) {
      expect(shared.has(own) || ui.has(own), own).toBe(false);
    }
  });

  it('refuses a build without the popup entry, rather than silently splitting as before', () => {
    expect(() => firstViewGroups(graph, { ...OPTIONS, popup: 'src/popup/missing.html' })).toThrow('no entry ends with src/popup/missing.html');
  });

  it('tests `shared` before `ui`, and captures nothing before the graph is known', () => {
    const config = (firstViewChunks(OPTIONS).config as () => { build: { rolldownOptions: { output: { codeSplitting: { groups: { name: string; test: (id: string) => boolean }[] } } } } })();
    const groups = config.build.rolldownOptions.output.codeSplitting.groups;
    expect(groups.map((g) => g.name)).toEqual(['shared', 'ui']);
    expect(groups[0]!.test('/src/shared/messages.ts')).toBe(false);
    expect(groups[1]!.test('/src/shared/ui/button.tsx')).toBe(false);
  });
});
