// Every view of the extension passes axe-core with 0 violations, in each browser, light and dark
// (the browser is launched in each colour scheme: `prefers-color-scheme` is what the theme
// follows). One build per browser, two launches. The tour of the views is view-tour.ts (the
// languages suite takes it too); each view is saved as a screenshot named
// `a11y-<scheme>-<view>` to look at, at the popup's 360 × 600 (Settings and the welcome page too).
//
// With DOCS_SCREENSHOTS=1, the Chromium dark run also writes the README's picture of the popup
// (docs/images/popup-home.png).
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS } from '../support/browser-launch.ts';
import { axeViolations, expectAccessible } from './a11y-steps.ts';
import { Words } from './lang-steps.ts';
import { castFor, tourEveryView, tourSuite } from './view-tour.ts';

const DOCS_IMAGE = resolve(import.meta.dirname, '../../docs/images/popup-home.png');

describe.each(E2E_BROWSERS)('%s: every view passes axe, light and dark', (browserName) => {
  const suite = tourSuite();

  it.each(['light', 'dark'] as const)('%s: the popup, Settings, the feed page and the welcome page', { timeout: 300_000 }, async (scheme) => {
    // A person's name and handle: the dark run's home is the README's picture.
    const { stack } = suite;
    const cast = await castFor(stack, scheme, scheme === 'dark' ? 'ada' : 'lovelace');
    const driver = await suite.launch(browserName, { colorScheme: scheme });
    let bitten = false;
    const check = async (page: ExtensionPage, view: string) => {
      if (!bitten) {
        // The check bites: an image without a text alternative is found, then removed.
        await page.evaluate(`() => document.body.append(Object.assign(document.createElement('img'), { id: 'no-alt', src: 'data:,' }))`);
        expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
        await page.evaluate(`() => document.getElementById('no-alt').remove()`);
        bitten = true;
      }
      await expectAccessible(page, `a11y-${scheme}-${view}`);
    };
    const atHome = async (popup: ExtensionPage) => {
      if (process.env.DOCS_SCREENSHOTS && browserName === 'chromium' && scheme === 'dark') {
        await mkdir(resolve(DOCS_IMAGE, '..'), { recursive: true });
        await copyFile(await popup.screenshot('docs-popup-home'), DOCS_IMAGE);
      }
    };
    await tourEveryView({ driver, stack, cast, words: new Words('en'), check, atHome });
    await suite.close();
  });
});
