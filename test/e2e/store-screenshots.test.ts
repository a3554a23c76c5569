// The stores' screenshots, from the real extension on the real local stack: the popup's feed
// (light and dark), the composer, sign-in and its two-step code, and Settings, in Chromium, then
// laid out at the stores' sizes by scripts/store-images.ts (store/README.md). Only with
// STORE_SCREENSHOTS=1: it writes files under store/, so the ordinary run skips it.
//
//   STORE_SCREENSHOTS=1 E2E_BROWSERS=chromium npx vitest run test/e2e/store-screenshots.test.ts
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStoreImages, RAW_VIEWS, STORE_SCREENSHOTS } from '../../scripts/store-images.ts';
import { buildForStack, type StackBuild } from '../support/browser-build.ts';
import { screenshotPath, type ExtensionDriver } from '../support/browser-driver.ts';
import { closeChecked, launchBuilt } from '../support/browser-launch.ts';
import { setPoolMfa, userWithMfa } from '../support/mfa-users.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { confirm, signIn as apiSignIn, signUp, uniqueUser, type TestUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

/** People and what they said, so the feed reads like a feed. */
const VOICES = [
  { name: 'Grace Hopper', handle: 'grace', cruds: ['It is easier to ask forgiveness than it is to get permission.', 'Found the bug. It was a moth, again.'] },
  { name: 'Alan Turing', handle: 'alan', cruds: ['We can only see a short distance ahead, but we can see plenty there that needs to be done.'] },
];

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function person(stack: LocalStack, who: Pick<TestUser, 'name' | 'handle'>): Promise<TestUser> {
  // An address like a person's: the sign-in view shows it.
  const user = { ...uniqueUser(who.handle), name: who.name, handle: who.handle, email: `${who.handle}@example.com` };
  await signUp(stack, user);
  await confirm(stack, user);
  return user;
}

describe.runIf(process.env.STORE_SCREENSHOTS)('chromium: the stores screenshots', () => {
  let stack: LocalStack;
  let build: StackBuild;
  let driver: ExtensionDriver | undefined;

  beforeAll(async () => {
    stack = await startLocalStack();
    await setPoolMfa(stack, 'OPTIONAL');
    for (const voice of VOICES) {
      const tokens = await apiSignIn(stack, await person(stack, voice));
      for (const message of voice.cruds) {
        const res = await fetch(`${stack.apiUrl}/api/activities`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens.accessToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ message, ttl: '7-days' }),
        });
        expect(res.status).toBe(200);
      }
    }
    build = await buildForStack(stack, { target: 'chrome' });
  }, 180_000);

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await build?.remove();
    await stack?.stop();
  });

  it('takes each view and lays the listing images out at the stores sizes', { timeout: 300_000 }, async () => {
    const reader = await person(stack, { name: 'Ada Lovelace', handle: 'ada' });
    const { user: careful } = await userWithMfa(stack, 'Careful', { totp: true });
    driver = await launchBuilt('chromium', build.dir, { colorScheme: 'light' });
    const popup = await openPopup(driver);

    await expectView(popup, 'sign-in');
    await popup.fill('Email', reader.email);
    await popup.screenshot('store-sign-in');
    await popup.fill('Email', '');
    await signIn(popup, careful.email, careful.password);
    await popup.waitFor('mfa-form');
    await popup.screenshot('store-mfa');
    await popup.click('Back to sign in');

    await signIn(popup, reader.email, reader.password);
    await expectHome(popup, reader);
    await popup.waitForText('feed-updated', 'Updated just now');
    await popup.screenshot('store-home-light');
    await popup.fill('What would you like to say?', 'Reading “Notes on the Analytical Engine” again: the engine weaves algebraic patterns as the loom weaves flowers.');
    await popup.screenshot('store-compose');
    expect(await popup.colorScheme('dark')).toBe(true);
    await popup.fill('What would you like to say?', '');
    await popup.screenshot('store-home-dark');

    const options = await driver.open('options', { width: 680, height: 680 });
    await options.waitFor('options-form');
    await options.waitFor('two-step-state', 20_000);
    await options.screenshot('store-options');

    // Every view at its real size: the popup's 360 × 600, Settings' full page at 680 wide.
    for (const view of RAW_VIEWS) {
      expect(pngSize(await readFile(await screenshotPath('chromium', view))), view).toMatchObject(view === 'store-options' ? { width: 680 } : { width: 360, height: 600 });
    }
    const written = await makeStoreImages();
    const sizes = await Promise.all(written.map(async (f) => `${f.split('/store/')[1]} ${Object.values(pngSize(await readFile(f))).join('x')}`));
    expect(sizes).toEqual([...STORE_SCREENSHOTS.map((s) => `screenshots/${s.file} 1280x800`), 'promo/small-tile.png 440x280', 'promo/marquee.png 1400x560']);
  });
});
