// Direct messages in each real browser against the real stack: two users exchange messages (the
// second through the API with their own token), the toolbar badge counts the conversation with a
// new message and clears when the list is opened (and on sign-out), a blank message is refused
// before anything is sent and the text stays. Each new view fits 360 × 600 (light, and dark where
// the driver can render it), passes axe, and is saved as a screenshot.
// One stack and one browser per browser for the whole file; the steps build on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startOriginalBackend, type OriginalBackend } from '../support/original-backend.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type Tokens, type TestUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { cognitoCalls, expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';
import { until } from './web-app-steps.ts';

const POPUP_MAX_HEIGHT = 600;
const POPUP_WIDTH = 360;

/** The page fits the popup: not taller than 600, not wider than 360, no control past the padding. */
async function expectFits(popup: ExtensionPage, name: string): Promise<void> {
  await popup.screenshot(name);
  const height = await popup.evaluate<number>('() => document.documentElement.scrollHeight');
  expect(height, `${name} is ${height} px tall`).toBeLessThanOrEqual(POPUP_MAX_HEIGHT);
  const width = await popup.evaluate<number>('() => document.documentElement.scrollWidth');
  expect(width, `${name} is ${width} px wide`).toBeLessThanOrEqual(POPUP_WIDTH);
  const outside = await popup.evaluate<string[]>(`() => {
    const main = [...document.querySelectorAll('main')].find((m) => !m.hidden);
    const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
    return [...main.querySelectorAll('button, select, textarea, input')]
      .filter((el) => el.getBoundingClientRect().right > edge + 1 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.dataset.testid || el.id || el.textContent.trim());
  }`);
  expect(outside, `${name}: controls past the popup's padding, or cut`).toEqual([]);
}

/** Light, then dark where the driver can: each fits, passes axe, and is saved. */
async function expectViewWell(popup: ExtensionPage, name: string): Promise<void> {
  await expectFits(popup, `messages-${name}`);
  await expectAccessible(popup, `messages-a11y-light-${name}`);
  if (await popup.colorScheme('dark')) {
    await expectFits(popup, `messages-${name}-dark`);
    await expectAccessible(popup, `messages-a11y-dark-${name}`);
    await popup.colorScheme('light');
  }
}

/** The toolbar badge's text and title, read in an extension page. */
const badge = (page: ExtensionPage) =>
  page.evaluate<{ text: string; title: string }>(`async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    return { text: await api.action.getBadgeText({}), title: await api.action.getTitle({}) };
  }`);

const inView = (popup: ExtensionPage, view: string, testId: string) =>
  popup.evaluate<string[]>(`() => [...document.querySelectorAll('[data-view=${view}] [data-testid=${testId}]')].map((e) => e.innerText.trim().replace(/\\s+/g, ' '))`);

async function api<T>(stack: LocalStack, tokens: Tokens, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${tokens.accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe.each(E2E_BROWSERS)('%s: direct messages and the toolbar badge', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let reader: TestUser;
  let writer: TestUser;
  let writerTokens: Tokens;
  let original: OriginalBackend | undefined;
  const hello = `Hello from the messages test ${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startLocalStack();
    ({ user: reader } = await readyUser(stack, 'Reader'));
    ({ user: writer, tokens: writerTokens } = await readyUser(stack, 'Writer'));
    // The writer has used the API (a conversation needs both accounts known to it).
    expect((await api(stack, writerTokens, '/api/message_groups')).status).toBe(200);
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
    await signIn(popup, reader.email, reader.password);
    await expectHome(popup, reader);
  });

  afterAll(async () => {
    // The original backend's stand-in was the configured API for one test: it may see the token.
    await closeChecked(driver, [stack?.apiUrl, original?.url].filter((u): u is string => Boolean(u)));
    await original?.close();
    await stack?.stop();
  });

  it('opens Messages from home: no conversations yet', async () => {
    await popup.click('Messages');
    await expectView(popup, 'messages');
    await waitForFocus(popup, 'place-title');
    expect(await popup.text('place-title')).toBe('Messages');
    await popup.waitFor('messages-empty');
    expect(await inView(popup, 'messages', 'messages-empty')).toEqual(['No conversations yet. Write to someone by their handle below.']);
    await expectViewWell(popup, 'list-empty');
    expect((await badge(popup)).text).toBe('');
    await popup.keyboard('Escape');
    await expectView(popup, 'home');
  });

  it('a message from another user shows a count on the toolbar badge, with no Cognito call', async () => {
    const cognitoBefore = driver.network().filter((e) => e.headers['x-amz-target']).length;
    const sent = await api<{ handle: string; message: string }>(stack, writerTokens, '/api/messages', { message: hello, user_receiver_handle: reader.handle });
    expect(sent).toMatchObject({ status: 200, body: { handle: writer.handle, message: hello } });
    // Opening the popup checks at once (the alarm checks every minute while the session is in use).
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    const shown = await until('the badge to count one conversation', async () => {
      const b = await badge(popup);
      return b.text === '1' ? b : null;
    });
    expect(shown.title).toBe('Cruddur Companion: 1 conversation has new messages.');
    // The badge's check asked the API with the token it had: Cognito heard nothing. Only Chromium's
    // log holds the worker's requests (Firefox's driver records pages only); the unit tests
    // (message-badge, token-manager's peekAccessToken) hold it in both.
    if (driver.browser === 'chromium') {
      expect(cognitoCalls(driver.network(), 'InitiateAuth').length).toBeGreaterThan(0);
      expect(driver.network().filter((e) => e.headers['x-amz-target']).length).toBe(cognitoBefore);
      const checks = driver.network().filter((e) => new URL(e.url).pathname === '/api/message_groups/unread');
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((e) => e.headers.authorization?.startsWith('Bearer '))).toBe(true);
    }
  });

  it('opening the list shows the conversation and clears the badge', async () => {
    await popup.click('Messages');
    await expectView(popup, 'messages');
    await popup.waitFor('conversations');
    const rows = await inView(popup, 'messages', 'conversation-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(writer.name);
    expect(rows[0]).toContain(`@${writer.handle}`);
    expect(rows[0]).toContain(hello);
    expect(rows[0]).toContain('1 unread message');
    await until('the badge to clear', async () => (await badge(popup)).text === '');
    expect((await badge(popup)).title).not.toMatch(/new messages/);
    await expectViewWell(popup, 'list');
  });

  it('opens the conversation and answers; the other user reads the answer', async () => {
    await popup.click(`${writer.name} @${writer.handle}`);
    await expectView(popup, 'conversation');
    await waitForFocus(popup, 'place-title');
    expect(await popup.text('place-title')).toBe(writer.name);
    await popup.waitFor('conversation-messages');
    expect(await inView(popup, 'conversation', 'dm')).toEqual([expect.stringContaining(hello)]);
    await expectViewWell(popup, 'conversation');

    const answer = 'Hello back, from the toolbar';
    await popup.fill('Your message', `  ${answer}\n`);
    await popup.waitForText('message-counter', `${answer.length}/1024`);
    await popup.click('Send');
    await popup.waitForText('message-notice', 'Message sent.');
    expect(await popup.value('Your message')).toBe('');
    const shown = await inView(popup, 'conversation', 'dm');
    expect(shown).toHaveLength(2);
    expect(shown[1]).toContain(`You: `);
    expect(shown[1]).toContain(answer);
    const read = await api<{ handle: string; message: string }[]>(stack, writerTokens, `/api/messages/@${reader.handle}`);
    expect(read.status).toBe(200);
    expect(read.body.map((m) => [m.handle, m.message])).toEqual([
      [writer.handle, hello],
      [reader.handle, answer],
    ]);
    await expectViewWell(popup, 'conversation-answered');
  });

  it('refuses a blank message before sending it, and keeps the text', async () => {
    const posts = () => driver.network().filter((e) => e.method === 'POST' && new URL(e.url).pathname === '/api/messages').length;
    const before = posts();
    await popup.fill('Your message', '   \n ');
    await popup.click('Send');
    expect(await popup.text('error-dm-message')).toBe('Write something first.');
    expect(await popup.value('Your message')).toBe('   \n ');
    expect(posts()).toBe(before);
    await popup.fill('Your message', '');
    await popup.click('Back to your messages');
    await expectView(popup, 'messages');
    await popup.keyboard('Escape');
    await expectView(popup, 'home');
  });

  it('against the original Cruddur backend\'s answers: its conversations, a conversation, and sending', async () => {
    original = await startOriginalBackend({ jwksUri: `${stack.issuer}/.well-known/jwks.json`, clientId: stack.clientId });
    const options = await driver.open('options', { width: 800, height: 1000 });
    await options.waitFor('options-form');
    await options.fill('API URL', original.url);
    await options.click('Save');
    await options.waitForText('options-notice', 'Saved.');
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    await popup.click('Messages');
    await expectView(popup, 'messages');
    await popup.waitFor('conversations');
    // Its groups carry no text and no unread state: each still has a name, a handle and a time.
    expect(await inView(popup, 'messages', 'conversation-open')).toEqual(['Andrew Brown @andrewbrown', 'Worf @worf']);
    expect(await popup.evaluate<string[]>(`() => [...document.querySelectorAll('[data-view=messages] [data-testid=conversation-row] .time-ago')].map((t) => t.textContent)`)).toEqual(['just now', 'just now']);
    await expectFits(popup, 'messages-original-list');
    await popup.click('Worf @worf');
    await expectView(popup, 'conversation');
    await popup.waitFor('conversation-messages');
    expect((await inView(popup, 'conversation', 'dm')).map((m) => m.replace(/^.*just now /, ''))).toEqual(['Cloud is fun!', 'This platform is great!']);
    await popup.fill('Your message', ' Qapla! ');
    await popup.click('Send');
    await popup.waitForText('message-notice', 'Message sent.');
    expect((await inView(popup, 'conversation', 'dm')).at(-1)).toContain('Qapla!');
    await expectFits(popup, 'messages-original-conversation');
    expect(original.tokens().accepted).toBeGreaterThan(0);
    await popup.click('Back to your messages');
    await popup.click('Back to the home feed');
    await expectView(popup, 'home');

    await options.fill('API URL', stack.apiUrl);
    await options.click('Save');
    await options.waitForText('options-notice', 'Saved.');
    await options.close();
  });

  it('a newer message counts again; signing out clears the badge', async () => {
    const again = await api(stack, writerTokens, '/api/messages', { message: 'One more thing', user_receiver_handle: reader.handle });
    expect(again.status).toBe(200);
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    await until('the badge to count the newer message', async () => (await badge(popup)).text === '1');
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await until('the badge to clear on sign-out', async () => (await badge(popup)).text === '');
  });
});
