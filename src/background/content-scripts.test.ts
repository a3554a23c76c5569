import { describe, expect, it } from 'vitest';
import { createContentScripts, injectIntoOpenTabs, PANEL_SCRIPT_ID, type ScriptingPort } from './content-scripts.ts';

function fakeScripting() {
  let registered: { id: string; matches: string[]; js: string[] }[] = [];
  const calls: string[] = [];
  const port: ScriptingPort = {
    getRegisteredContentScripts: async (f) => registered.filter((s) => !f?.ids || f.ids.includes(s.id)),
    registerContentScripts: async (scripts) => {
      calls.push(`register ${scripts.map((s) => s.matches.join(',')).join(';')}`);
      registered.push(...scripts.map(({ id, matches, js }) => ({ id, matches, js })));
    },
    unregisterContentScripts: async (f) => {
      calls.push('unregister');
      registered = registered.filter((s) => f?.ids && !f.ids.includes(s.id));
    },
  };
  return { port, calls, registered: () => registered };
}

const grantedOnly = (granted: string[]) => ({ contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o)) });

describe('registering the panel', () => {
  const file = 'src/content/main.js';

  it('registers the granted web-app origins, without ports', async () => {
    const s = fakeScripting();
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['http://localhost/*']), file });
    expect(await scripts.sync(['http://localhost:3000', 'https://cruddur.com'])).toEqual(['http://localhost/*']);
    expect(s.registered()).toEqual([{ id: PANEL_SCRIPT_ID, matches: ['http://localhost/*'], js: [file] }]);
  });

  it('leaves an unchanged registration alone (the worker syncs on every wake)', async () => {
    const s = fakeScripting();
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['https://cruddur.com/*']), file });
    await scripts.sync(['https://cruddur.com']);
    await scripts.sync(['https://cruddur.com']);
    expect(s.calls).toEqual(['register https://cruddur.com/*']);
  });

  it('re-registers when the origins change, and unregisters when none is left', async () => {
    const s = fakeScripting();
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['https://a.com/*', 'https://b.com/*']), file });
    await scripts.sync(['https://a.com']);
    await scripts.sync(['https://b.com']);
    await scripts.sync([]);
    expect(s.calls).toEqual(['register https://a.com/*', 'unregister', 'register https://b.com/*', 'unregister']);
    expect(s.registered()).toEqual([]);
  });

  it('runs concurrent syncs one after another, so the last settings win', async () => {
    const s = fakeScripting();
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['https://a.com/*', 'https://b.com/*']), file });
    await Promise.all([scripts.sync(['https://a.com']), scripts.sync(['https://b.com'])]);
    expect(s.registered()).toEqual([{ id: PANEL_SCRIPT_ID, matches: ['https://b.com/*'], js: [file] }]);
  });

  it('runs the panel in tabs already open on the origins it just registered, once per registration', async () => {
    const s = fakeScripting();
    const injected: string[] = [];
    const injectOpen = async (patterns: string[], js: string) => void injected.push(`${patterns.join(',')} ${js}`);
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['https://a.com/*']), file, injectOpen });
    await scripts.sync(['https://a.com']);
    await scripts.sync(['https://a.com']);
    expect(injected).toEqual([`https://a.com/* ${file}`]);
  });

  it('keeps the registration when running the panel in open tabs fails', async () => {
    const s = fakeScripting();
    const injectOpen = async () => Promise.reject(new Error('tab closed'));
    const scripts = createContentScripts({ scripting: s.port, permissions: grantedOnly(['https://a.com/*']), file, injectOpen });
    expect(await scripts.sync(['https://a.com'])).toEqual(['https://a.com/*']);
    expect(s.registered()).toHaveLength(1);
  });
});

describe('running the panel in open tabs', () => {
  it('injects into every tab the patterns match, skipping tabs that refuse', async () => {
    const queried: unknown[] = [];
    const ran: number[] = [];
    const inject = injectIntoOpenTabs(
      { query: async (filter) => (queried.push(filter), [{ id: 1 }, { id: 2 }, {}, { id: 3 }]) },
      {
        executeScript: async ({ target, files }) => {
          expect(files).toEqual(['src/content/main.js']);
          if (target.tabId === 2) throw new Error('Cannot access contents of the page');
          ran.push(target.tabId);
        },
      },
    );
    await inject(['https://a.com/*'], 'src/content/main.js');
    expect(queried).toEqual([{ url: ['https://a.com/*'] }]);
    expect(ran).toEqual([1, 3]);
  });
});
