import { describe, expect, it } from 'vitest';
import { createContentScripts, PANEL_SCRIPT_ID, type ScriptingPort } from './content-scripts.ts';

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
});
