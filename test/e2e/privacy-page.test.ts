// The privacy policy inside the extension, in each real browser: Settings and the welcome page
// link to the extension's own /privacy.html, which opens, says what PRIVACY.md says, fits the
// popup's 360 px without scrolling sideways, and passes axe-core, light and dark. No stack: the
// page and the links need no network.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension } from '../../scripts/lib/build.ts';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, launchBuilt, targetOf } from '../support/browser-launch.ts';
import { expectAccessible } from './a11y-steps.ts';

const ENV = { VITE_API_URL: 'https://api.cruddur.example', VITE_WEB_APP_ORIGINS: 'https://cruddur.example' };

/** Where the link with this test id leads, and the page's own origin. */
async function linkOf(page: ExtensionPage, testId: string): Promise<{ href: string; origin: string; target: string }> {
  await page.waitFor(testId);
  return page.evaluate(`() => { const a = document.querySelector('[data-testid=${testId}]'); return { href: a.href, origin: location.origin, target: a.target }; }`);
}

describe.each(E2E_BROWSERS)('%s: the privacy policy page', (browserName) => {
  let temp: string;
  let dir: string;
  let driver: ExtensionDriver | undefined;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cruddur-privacy-'));
    const target = targetOf(browserName);
    dir = (await buildExtension({ targets: [target], outRoot: temp, env: ENV, quiet: true }))[target];
    driver = await launchBuilt(browserName, dir, { colorScheme: 'light' });
  }, 120_000);

  afterAll(async () => {
    await driver?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('is linked from Settings and the welcome page, and opens readable and accessible at 360 px', { timeout: 120_000 }, async () => {
    if (!driver) throw new Error('no browser');
    const welcome = await driver.open('welcome');
    const fromWelcome = await linkOf(welcome, 'welcome-privacy');
    expect(fromWelcome).toEqual({ href: `${fromWelcome.origin}/privacy.html`, origin: fromWelcome.origin, target: '_blank' });

    const page = await driver.open('options');
    const fromSettings = await linkOf(page, 'options-privacy');
    expect(fromSettings).toEqual({ href: fromWelcome.href, origin: fromWelcome.origin, target: '_blank' });
    // The links keep both pages accessible.
    await expectAccessible(welcome, 'privacy-link-welcome');
    await expectAccessible(page, 'privacy-link-options');

    // The same tab follows the link (a new tab is out of the driver's reach).
    await page.evaluate(`() => { location.assign(${JSON.stringify(fromSettings.href)}); }`);
    await page.waitFor('privacy-policy');
    expect(await page.evaluate<string>('() => document.querySelector("h1").textContent')).toBe('Cruddur Companion privacy policy');
    expect(await page.evaluate<string[]>('() => [...document.querySelectorAll("h2")].map((h) => h.id)')).toEqual(
      expect.arrayContaining(['what-leaves-your-browser-and-to-whom', 'how-to-erase-it', 'permissions']),
    );
    expect(await page.evaluate<number>('() => document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'privacy-light');
    // Where the driver can switch schemes (Chromium); Firefox's follows the launch's.
    if (await page.colorScheme('dark')) await expectAccessible(page, 'privacy-dark');
  });
});
