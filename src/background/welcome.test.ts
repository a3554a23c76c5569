// First run: the welcome page opens on install, and only then.
import { describe, expect, it } from 'vitest';
import { WELCOME_PAGE, welcomeOnInstall } from './welcome.ts';

describe('welcome page', () => {
  it.each([
    ['install', [`ext://id/${WELCOME_PAGE}`]],
    ['update', []],
    ['browser_update', []],
    ['chrome_update', []],
  ])('on %s opens %j', async (reason, opened) => {
    const urls: string[] = [];
    const tabs = { create: async ({ url }: { url: string }) => void urls.push(url) };
    expect(await welcomeOnInstall({ reason }, { tabs, getURL: (p) => `ext://id/${p}` })).toBe(opened.length > 0);
    expect(urls).toEqual(opened);
  });
});
