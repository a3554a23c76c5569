// Threads, profiles and search in the feed page beside the tabs (Chrome's side panel, Firefox's
// sidebar), in each real browser against the real stack: a crud opens with its replies and is
// answered from there (the API has the reply), a name opens that user's profile, search finds a
// crud. Each view fits 360 × 600 (light, and dark where the driver can render it), passes axe,
// and is saved as a screenshot. The same page framed in a web page stays read-only: no crud, name
// or search opens anything there. The side panel is opened as the browsers load it, the bare
// extension page (side-panel.test.ts says why).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type Tokens, type TestUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { expectPanelState, openWithPanel, panelText } from './panel-steps.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

const WIDTH = 360;
const HEIGHT = 600;

/** The page fits the side panel at 360 × 600: nothing taller or wider, no control cut. */
async function expectFits(side: ExtensionPage, name: string): Promise<void> {
  await side.screenshot(name);
  const size = await side.evaluate<{ height: number; width: number }>('() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth })');
  expect(size.height, `${name} is ${size.height} px tall`).toBeLessThanOrEqual(HEIGHT);
  expect(size.width, `${name} is ${size.width} px wide`).toBeLessThanOrEqual(WIDTH);
  const cut = await side.evaluate<string[]>(`() => {
    const main = [...document.querySelectorAll('main')].find((m) => !m.hidden);
    const edge = main.getBoundingClientRect().right;
    return [...main.querySelectorAll('button, textarea, input')]
      .filter((el) => el.getBoundingClientRect().right > edge + 1 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.dataset.testid || el.id || el.textContent.trim());
  }`);
  expect(cut, `${name}: controls past the side panel's edge, or cut`).toEqual([]);
  // One landmark at a time: the feed underneath is hidden, not a second main.
  expect(await side.evaluate<number>('() => [...document.querySelectorAll("main")].filter((m) => !m.hidden).length')).toBe(1);
}

async function expectViewWell(side: ExtensionPage, name: string): Promise<void> {
  await expectFits(side, `side-panel-${name}`);
  await expectAccessible(side, `side-panel-a11y-light-${name}`);
  if (await side.colorScheme('dark')) {
    await expectFits(side, `side-panel-${name}-dark`);
    await expectAccessible(side, `side-panel-a11y-dark-${name}`);
    await side.colorScheme('light');
  }
}

const inView = (page: ExtensionPage, view: string, testId: string) =>
  page.evaluate<string[]>(`() => [...document.querySelectorAll('[data-view=${view}] [data-testid=${testId}]')].map((e) => e.innerText.trim().replace(/\\s+/g, ' '))`);

/** The accessible name of the visible button opening `name`'s crud (it ends in the replies count, whatever the feed last read). */
async function openLabel(page: ExtensionPage, name: string): Promise<string> {
  const label = await page.evaluate<string | null>(
    `() => [...document.querySelectorAll('main:not([hidden]) [data-testid=crud-open]')].map((b) => b.getAttribute('aria-label')).find((l) => l.startsWith(${JSON.stringify(`Open the crud by ${name} with its replies: `)})) ?? null`,
  );
  expect(label, `a button opening the crud by ${name}`).not.toBeNull();
  return label ?? '';
}

async function post(stack: LocalStack, tokens: Tokens, message: string): Promise<{ uuid: string }> {
  const res = await fetch(`${stack.apiUrl}/api/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message, ttl: '7-days' }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { uuid: string };
}

describe.each(E2E_BROWSERS)('%s: threads, profiles and search in the side panel, none in the page', (browserName) => {
  let stack: LocalStack;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let side: ExtensionPage;
  let reader: TestUser;
  let poster: TestUser;
  let posterTokens: Tokens;
  let crud: { uuid: string };
  const word = `okapi${Math.random().toString(36).slice(2, 8)}`;
  const message = `A crud about the ${word} in the side panel test`;

  beforeAll(async () => {
    stack = await startLocalStack();
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    ({ user: reader } = await readyUser(stack, 'Sider'));
    const posted = await readyUser(stack, 'Poster');
    poster = posted.user;
    posterTokens = posted.tokens;
    crud = await post(stack, posted.tokens, message);
    driver = await launchFor(browserName, stack, { webAppOrigins: [webApp.url] });
    const popup = await openPopup(driver);
    await signIn(popup, reader.email, reader.password);
    await expectHome(popup, reader);
    await popup.close();
    side = await driver.open('feed', { width: WIDTH, height: HEIGHT });
    await side.waitForText('panel-user-handle', `@${reader.handle}`);
    await side.waitFor('crud-open', 20_000);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await webApp?.close();
    await stack?.stop();
  });

  it('opens a crud with its replies, and replies to it', async () => {
    await expectViewWell(side, 'feed');
    await side.click(`Open the crud by ${poster.name} with its replies: 0`);
    await expectView(side, 'thread');
    await waitForFocus(side, 'place-title');
    expect(await side.text('place-title')).toBe('Crud');
    expect(await inView(side, 'thread', 'crud-message')).toEqual([message]);
    await side.waitForText('replies-heading', '0 replies');
    await expectViewWell(side, 'thread-empty');

    const answer = `Replying about the ${word} from the side`;
    await side.fill('Your reply', `  ${answer} `);
    await side.waitForText('reply-counter', `${answer.length}/280`);
    await side.click('Reply');
    await side.waitForText('replies-heading', '1 reply');
    await side.waitForText('reply-notice', 'Your reply is posted.');
    expect(await inView(side, 'thread', 'crud-message')).toEqual([message, answer]);
    expect(await side.value('Your reply')).toBe('');
    const res = await fetch(`${stack.apiUrl}/api/activities/${crud.uuid}`);
    const thread = (await res.json()) as { replies: { handle: string; message: string }[] };
    expect(thread.replies.map((r) => [r.handle, r.message])).toEqual([[reader.handle, answer]]);
    await expectViewWell(side, 'thread-replied');
  });

  it("opens the author's profile from a name, and Back walks the way it came", async () => {
    await side.click(`${poster.name} @${poster.handle}`);
    await expectView(side, 'profile');
    await side.waitForText('place-title', poster.name);
    await waitForFocus(side, 'place-title');
    await side.waitFor('crud-open');
    expect(await inView(side, 'profile', 'crud-message')).toEqual([message]);
    expect(await inView(side, 'profile', 'crud-open')).toEqual(['1']);
    await expectViewWell(side, 'profile');
    await side.click('Back to the crud');
    await expectView(side, 'thread');
    await side.keyboard('Escape');
    await side.waitFor('panel-feed');
    // Back on the feed, focus returns to the button that opened the crud, or (where a click does
    // not focus a button: Firefox) to who is signed in; never to <body>.
    await waitForFocus(side, browserName === 'firefox' ? 'panel-user-name' : 'crud-open');
    expect(await side.evaluate<number>('() => document.querySelectorAll("[data-view]").length')).toBe(0);
  });

  it('searches cruds, and a result opens as a thread', async () => {
    await side.click('Search cruds');
    await expectView(side, 'search');
    await waitForFocus(side, 'field-search-term');
    await expectViewWell(side, 'search-start');
    await side.fill('Search for', '  ');
    await side.click('Search');
    expect(await side.text('error-search-term')).toBe('Type what to search for.');

    await side.fill('Search for', word.toUpperCase());
    await side.keyboard('Enter');
    await side.waitFor('crud-open');
    // The crud, and the reply about it.
    expect((await inView(side, 'search', 'crud-message')).sort()).toEqual([message, `Replying about the ${word} from the side`].sort());
    await expectViewWell(side, 'search-results');
    await side.click(`Open the crud by ${poster.name} with its replies: 1`);
    await expectView(side, 'thread');
    await side.click('Back to the search');
    await expectView(side, 'search');

    await side.fill('Search for', `${word}-nothing-like-it`);
    await side.click('Search');
    await side.waitForText('feed-empty', /No cruds match/);
    await expectViewWell(side, 'search-empty');
    await side.click('Back to the home feed');
    await side.waitFor('panel-feed');
  });

  it('lists conversations, opens one and answers it', async () => {
    const hello = `Hello from the side panel test, ${word}`;
    const res = await fetch(`${stack.apiUrl}/api/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${posterTokens.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: hello, user_receiver_handle: reader.handle }),
    });
    expect(res.status).toBe(200);
    await side.click('Messages');
    await expectView(side, 'messages');
    await waitForFocus(side, 'place-title');
    await side.waitFor('conversations');
    await expectViewWell(side, 'messages');
    await side.click(`${poster.name} @${poster.handle}`);
    await expectView(side, 'conversation');
    await side.waitFor('conversation-messages');
    const answer = `Answered from the side, ${word}`;
    await side.fill('Your message', answer);
    await side.click('Send');
    await side.waitForText('message-notice', 'Message sent.');
    const read = await fetch(`${stack.apiUrl}/api/messages/@${reader.handle}`, { headers: { Authorization: `Bearer ${posterTokens.accessToken}` } });
    const thread = (await read.json()) as { handle: string; message: string }[];
    expect(thread.map((m) => [m.handle, m.message])).toEqual([
      [poster.handle, hello],
      [reader.handle, answer],
    ]);
    await expectViewWell(side, 'conversation');
    await side.click('Back to your messages');
    await expectView(side, 'messages');
    await side.keyboard('Escape');
    await side.waitFor('panel-feed');
  });

  it('signing out closes the open crud and forgets its draft; the next sign-in starts from the feed', async () => {
    await side.click(await openLabel(side, poster.name));
    await expectView(side, 'thread');
    await side.fill('Your reply', 'A draft nobody else should read');
    const popup = await openPopup(driver);
    await expectView(popup, 'home');
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await side.waitForText('panel-list-name', 'Public feed');
    expect(await side.evaluate<number>('() => document.querySelectorAll("[data-view]").length')).toBe(0);
    // Signed out, the public feed opens nothing either.
    expect(await side.evaluate<number>('() => document.querySelectorAll("[data-testid=crud-open], [data-testid=crud-author], [data-testid=panel-search]").length')).toBe(0);

    await signIn(popup, reader.email, reader.password);
    await expectView(popup, 'home');
    await popup.close();
    await side.waitForText('panel-list-name', 'Your feed');
    await side.waitFor('crud-open', 20_000);
    expect(await side.evaluate<number>('() => document.querySelectorAll("[data-view]").length')).toBe(0);
    await side.click(await openLabel(side, poster.name));
    await expectView(side, 'thread');
    expect(await side.value('Your reply')).toBe('');
    await side.keyboard('Escape');
    await side.waitFor('panel-feed');
  });

  it('in the frame on a web page, the same feed offers none of it', async () => {
    const page = await openWithPanel(driver, webApp.url);
    await expectPanelState(page, 'signed-in');
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes(message));
    const offered = await page.inPanel<{ cruds: number; buttons: string[] }>(`function () {
      return {
        cruds: this.querySelectorAll('[data-testid=crud]').length,
        buttons: [...this.querySelectorAll('[data-testid=crud] button, [data-testid=crud-open], [data-testid=crud-author], [data-testid=panel-search], [data-view]')].map((el) => el.dataset.testid || el.tagName),
      };
    }`);
    expect(offered?.cruds).toBeGreaterThan(0);
    expect(offered?.buttons).toEqual([]);
    expect(await page.inPanel<number>(`function () { return this.querySelectorAll('[data-testid=panel-messages]').length; }`)).toBe(0);
    await page.screenshot('side-panel-places-frame-read-only');
  });
});
