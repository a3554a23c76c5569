// Cruddur beyond the home feed, in each real browser against the real stack: a crud opens with
// its replies and is answered from there (the API has the reply), a name opens that user's
// profile and cruds, search finds a crud (and says when nothing matches, or nothing was typed),
// a blank crud or reply is refused before anything is sent. Each new view fits 360 × 600 (light,
// and dark where the driver can render it), passes axe, and is saved as a screenshot. The
// footer's "Sign out of all devices" is measured whole at 360 px.
// One stack and one browser per browser for the whole file; the steps build on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startOriginalBackend, type OriginalBackend } from '../support/original-backend.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type Tokens, type TestUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

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
  await expectFits(popup, `views-${name}`);
  await expectAccessible(popup, `views-a11y-light-${name}`);
  if (await popup.colorScheme('dark')) {
    await expectFits(popup, `views-${name}-dark`);
    await expectAccessible(popup, `views-a11y-dark-${name}`);
    await popup.colorScheme('light');
  }
}

/** Texts of `testId` inside the view shown now (home stays in the page, hidden, under a place). */
const inView = (popup: ExtensionPage, view: string, testId: string) =>
  popup.evaluate<string[]>(`() => [...document.querySelectorAll('[data-view=${view}] [data-testid=${testId}]')].map((e) => e.innerText.trim().replace(/\\s+/g, ' '))`);

async function post(stack: LocalStack, tokens: Tokens, message: string): Promise<{ uuid: string }> {
  const res = await fetch(`${stack.apiUrl}/api/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message, ttl: '7-days' }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { uuid: string };
}

describe.each(E2E_BROWSERS)('%s: threads, profiles and search in the popup', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let reader: TestUser;
  let poster: TestUser;
  let crud: { uuid: string };
  let original: OriginalBackend | undefined;
  const word = `zebra${Math.random().toString(36).slice(2, 8)}`;
  const message = `A crud about the ${word} in the views test`;

  beforeAll(async () => {
    stack = await startLocalStack();
    ({ user: reader } = await readyUser(stack, 'Reader'));
    const posted = await readyUser(stack, 'Poster');
    poster = posted.user;
    crud = await post(stack, posted.tokens, message);
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

  it('keeps the footer whole at 360 px: "Sign out of all devices" is not cut', async () => {
    const cut = await popup.evaluate<{ text: string; right: number; edge: number; scroll: number; client: number }>(`() => {
      const b = document.querySelector('[data-testid=sign-out-all]');
      const main = b.closest('main');
      const r = b.getBoundingClientRect();
      return { text: b.innerText, right: r.right, edge: main.getBoundingClientRect().right, scroll: b.scrollWidth, client: b.clientWidth };
    }`);
    expect(cut.text).toBe('Sign out of all devices');
    expect(cut.right).toBeLessThanOrEqual(cut.edge);
    expect(cut.scroll).toBeLessThanOrEqual(cut.client + 1);
    // The toolbar with its new search button keeps the feed's name on one line.
    const oneLine = await popup.evaluate<boolean>(`() => { const h = document.getElementById('feed-heading'); return h.getBoundingClientRect().height < parseFloat(getComputedStyle(h).fontSize) * 2; }`);
    expect(oneLine).toBe(true);
    await expectFits(popup, 'views-home');
  });

  it('opens a crud with its replies, and replies to it', async () => {
    await popup.click(`Open the crud by ${poster.name} with its replies: 0`);
    await expectView(popup, 'thread');
    await waitForFocus(popup, 'place-title');
    expect(await popup.text('place-title')).toBe('Crud');
    expect(await inView(popup, 'thread', 'crud-message')).toEqual([message]);
    await popup.waitForText('replies-heading', '0 replies');
    expect(await inView(popup, 'thread', 'feed-empty')).toEqual(['No replies yet. Be the first to answer.']);
    await expectViewWell(popup, 'thread-empty');

    const answer = `Replying about the ${word}`;
    await popup.fill('Your reply', `  ${answer}  `);
    await popup.waitForText('reply-counter', `${answer.length}/280`);
    await popup.click('Reply');
    await popup.waitForText('replies-heading', '1 reply');
    await popup.waitForText('reply-notice', 'Your reply is posted.');
    expect(await inView(popup, 'thread', 'crud-message')).toEqual([message, answer]);
    expect(await popup.value('Your reply')).toBe('');
    // The API has it, trimmed, under the reader's handle.
    const res = await fetch(`${stack.apiUrl}/api/activities/${crud.uuid}`);
    const thread = (await res.json()) as { replies_count: number; replies: { handle: string; message: string }[] };
    expect(thread.replies.map((r) => [r.handle, r.message])).toEqual([[reader.handle, answer]]);
    expect(thread.replies_count).toBe(1);
    await expectViewWell(popup, 'thread-replied');
  });

  it('refuses a blank reply before sending it, and keeps the text', async () => {
    const before = driver.network().filter((e) => e.method === 'POST' && e.url.endsWith('/reply')).length;
    await popup.fill('Your reply', '    ');
    await popup.click('Reply');
    expect(await popup.text('error-reply-message')).toBe('Write something first: spaces alone are not a crud.');
    expect(await popup.value('Your reply')).toBe('    ');
    expect(driver.network().filter((e) => e.method === 'POST' && e.url.endsWith('/reply'))).toHaveLength(before);
    await popup.fill('Your reply', '');
  });

  it('opens the author\'s profile with their cruds', async () => {
    await popup.click(`${poster.name} @${poster.handle}`);
    await expectView(popup, 'profile');
    await popup.waitForText('place-title', poster.name);
    await waitForFocus(popup, 'place-title');
    await popup.waitFor('crud-open');
    expect(await inView(popup, 'profile', 'crud-message')).toEqual([message]);
    // The count follows the reply just posted.
    expect(await inView(popup, 'profile', 'crud-open')).toEqual(['1']);
    await expectViewWell(popup, 'profile');
    // Back walks the way it came: the crud, then home, focus where it was.
    await popup.click('Back to the crud');
    await expectView(popup, 'thread');
    await popup.keyboard('Escape');
    await expectView(popup, 'home');
  });

  it('searches cruds: a match, nothing matching, and nothing typed', async () => {
    await popup.click('Search cruds');
    await expectView(popup, 'search');
    await waitForFocus(popup, 'field-search-term');
    expect(await popup.text('search-hint')).toBe('Search public cruds by their words, or by a name or handle.');
    await expectViewWell(popup, 'search-start');

    await popup.fill('Search for', '   ');
    await popup.click('Search');
    expect(await popup.text('error-search-term')).toBe('Type what to search for.');
    await waitForFocus(popup, 'field-search-term');

    await popup.fill('Search for', `  ${word.toUpperCase()} `);
    await popup.keyboard('Enter');
    await popup.waitFor('crud-open');
    expect(await inView(popup, 'search', 'crud-message')).toEqual(expect.arrayContaining([message]));
    await expectViewWell(popup, 'search-results');

    // A result opens as a thread; Back returns to the same results.
    await popup.click(`Open the crud by ${poster.name} with its replies: 1`);
    await expectView(popup, 'thread');
    await popup.click('Back to the search');
    await expectView(popup, 'search');
    expect(await popup.value('Search for')).toBe(`  ${word.toUpperCase()} `);
    await popup.waitFor('crud-open');

    await popup.fill('Search for', `${word}-nothing-like-it`);
    await popup.click('Search');
    await popup.waitForText('feed-empty', /No cruds match/);
    expect(await inView(popup, 'search', 'feed-empty')).toEqual([`No cruds match “${word}-nothing-like-it”. Try other words, or fewer of them.`]);
    await expectViewWell(popup, 'search-empty');
    await popup.click('Back to the home feed');
    await expectView(popup, 'home');
  });

  it('refuses a blank crud on home before sending it', async () => {
    const before = driver.network().filter((e) => e.method === 'POST' && new URL(e.url).pathname === '/api/activities').length;
    await popup.fill('What would you like to say?', '  \n  ');
    await popup.click('Crud');
    expect(await popup.text('error-crud-message')).toBe('Write something first: spaces alone are not a crud.');
    expect(await popup.value('What would you like to say?')).toBe('  \n  ');
    expect(driver.network().filter((e) => e.method === 'POST' && new URL(e.url).pathname === '/api/activities')).toHaveLength(before);
    await popup.fill('What would you like to say?', '');
  });

  it('against the original Cruddur backend\'s answers: every crud named, counted and dated, and a thread opens', async () => {
    original = await startOriginalBackend({ jwksUri: `${stack.issuer}/.well-known/jwks.json`, clientId: stack.clientId });
    const options = await driver.open('options', { width: 800, height: 1000 });
    await options.waitFor('options-form');
    await options.fill('API URL', original.url);
    await options.click('Save');
    await options.waitForText('options-notice', 'Saved.');
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    // The cached feed (this stack's) may show first: wait for the original's.
    const deadline = Date.now() + 20_000;
    while ((await inView(popup, 'home', 'crud-message'))[0] !== 'My dear brother, it the humans that are the problem' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await popup.evaluate<{ head: string; message: string; counts: string[]; time: string }[]>(`() =>
      [...document.querySelectorAll('[data-view=home] [data-testid=crud]')].map((li) => ({
        head: li.querySelector('.crud__head').innerText.replace(/\\s+/g, ' ').trim(),
        message: li.querySelector('[data-testid=crud-message]').innerText.trim(),
        counts: [...li.querySelectorAll('.crud__counts > *')].map((c) => c.title || c.textContent.replace(/\\s+/g, ' ').trim()),
        time: li.querySelector('.time-ago')?.textContent ?? '',
      }))`);
    // Four items, two of them with one uuid: each has a row, a name and a number for every count.
    expect(rows.map((r) => r.message)).toEqual([
      'My dear brother, it the humans that are the problem',
      'Cloud is fun!',
      'I am out of prune juice',
      'My dear doctor, I am just simple tailor',
    ]);
    expect(rows.map((r) => r.head.split(' @')[0])).toEqual(['Lore', 'Andrew Brown', 'Worf', 'Garek']);
    // The replies count is the button that opens the crud; the others say their number in words
    // (the browser's plural and number format) to screen readers and in their tooltip.
    expect(rows.map((r) => r.counts)).toEqual([
      ['0', '0 reposts', '1,042 likes'],
      ['1', '0 reposts', '5 likes'],
      ['0', '0 reposts', '0 likes'],
      ['0', '0 reposts', '0 likes'],
    ]);
    // Measured from when the feed arrived: two days old reads "2d ago", an hour "1h ago" (not "1d ago", "59m ago").
    // (A week old shows the date.)
    expect(rows.map((r) => r.time)).toEqual(['1h ago', '2d ago', expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}$/), '1h ago']);
    // The stand-in accepted the token (the signed-in extra crud came first): the home feed is the user's.
    expect(original.tokens().accepted).toBeGreaterThan(0);
    await expectFits(popup, 'views-original-home');

    // Its thread shape (a list of one, `replies` one object) opens with the reply.
    await popup.click('Open the crud by Andrew Brown with its replies: 1');
    await expectView(popup, 'thread');
    await popup.waitForText('replies-heading', '1 reply');
    expect(await inView(popup, 'thread', 'crud-message')).toEqual(['Cloud is fun!', 'This post has no honor!']);
    await expectFits(popup, 'views-original-thread');
    await popup.click('Back to the home feed');

    await options.fill('API URL', stack.apiUrl);
    await options.click('Save');
    await options.waitForText('options-notice', 'Saved.');
    await options.close();
  });
});
