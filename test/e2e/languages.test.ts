// Every view in another language, light and dark, at the popup's 360 × 600: the accessibility
// tour (view-tour.ts) again, with the browser's UI language switched, in German (the longest
// words) in each browser and in Arabic (right to left) in Chromium. For each view: its screenshot
// `lang-<language>-<scheme>-<view>` to look at, `html[lang]` and `html[dir]`, nothing cut or
// scrolling sideways, and no text left in English where the catalog translates it
// (lang-steps.ts). A run lists every view's findings, then fails.
//
// The browsers need their language packs (Debian's chromium-l10n, firefox-esr-l10n-de and -ar:
// .ci/run installs them); a browser that cannot switch fails at launch, saying which to install.
import { describe, expect, it } from 'vitest';
import type { BrowserName, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS } from '../support/browser-launch.ts';
import { Words, expectLocalized, localizationFindings, readCatalog } from './lang-steps.ts';
import { castFor, tourEveryView, tourSuite } from './view-tour.ts';

/** German in both browsers; Arabic (right to left, a layout rather than a browser question) in Chromium. */
const RUNS = (
  [
    ['chromium', 'de'],
    ['firefox', 'de'],
    ['chromium', 'ar'],
  ] satisfies [BrowserName, string][]
).filter(([browser]) => E2E_BROWSERS.includes(browser));

describe.each(RUNS)('%s in "%s": every view, light and dark', (browserName, language) => {
  const suite = tourSuite();
  const words = new Words(language);

  it.each(['light', 'dark'] as const)('%s: the popup, Settings, the feed page and the welcome page', { timeout: 300_000 }, async (scheme) => {
    const { stack } = suite;
    const cast = await castFor(stack, scheme, scheme === 'dark' ? 'ada' : 'lovelace');
    const driver = await suite.launch(browserName, { colorScheme: scheme, language });
    let spoken = false;
    const check = async (page: ExtensionPage, view: string) => {
      if (!spoken) {
        // The extension reads the language's catalog: what is converted already (the manifest's
        // description) is in it, and every Intl format follows the same language.
        const said = await page.evaluate<[string, string]>(`() => { const i = (globalThis.browser ?? globalThis.chrome).i18n; return [i.getUILanguage(), i.getMessage('extDescription')]; }`);
        expect(said[0].split('-')[0]).toBe(language);
        expect(said[1]).toBe(readCatalog(language).extDescription?.message);
        // The check bites: an English catalog sentence squeezed into a narrow box is found
        // (cut, and still in English), then removed.
        await page.evaluate(`() => document.body.append(Object.assign(document.createElement('p'), {
          textContent: ${JSON.stringify(readCatalog('en').extDescription?.message)},
          style: 'width: 60px; white-space: nowrap; overflow: hidden',
        }))`);
        const found = await localizationFindings(page, words);
        expect(found.filter((f) => f.includes('Sign in to Cruddur once')).map((f) => f.split(':')[0])).toEqual(['cut', 'still in English']);
        await page.evaluate(`() => document.body.lastElementChild.remove()`);
        spoken = true;
      }
      // Named as its screenshot, so a finding points at the picture.
      const shot = `lang-${language}-${scheme}-${view}`;
      await page.screenshot(shot);
      await expectLocalized(page, `${browserName}-${shot}`, words);
    };
    await tourEveryView({ driver, stack, cast, words, check });
    await suite.close();
  });
});
