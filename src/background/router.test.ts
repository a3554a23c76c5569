import { describe, expect, it } from 'vitest';
import { AuthError } from '../auth/errors.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { PORT_PAGE, PORT_PANEL, type MessageType } from '../shared/messages.ts';
import { HANDLERS, PORTS } from './handlers.ts';
import { admitsPort, classifySender, createRouter, type HandlerTable, type Sender } from './router.ts';

const ext = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/src/popup/index.html' };
const popupInTab = { ...popup, tab: { id: 3, url: popup.url }, frameId: 0 };
const feed = 'chrome-extension://ext-id/src/feed/index.html';
const sidePanel = { id: 'ext-id', url: feed };
const framed = { id: 'ext-id', url: feed, tab: { id: 5, url: 'https://evil.example/' }, frameId: 7 };
// A page that framed our feed and then navigated its top frame: the tab URL is what tells.
const framedTop = { id: 'ext-id', url: feed, tab: { id: 5, url: 'https://evil.example/' }, frameId: 0 };
const framedNoTabUrl = { id: 'ext-id', url: feed, tab: { id: 5 }, frameId: 3 };
const framedInOurTab = { id: 'ext-id', url: feed, tab: { id: 6, url: popup.url }, frameId: 2 };
const content = { id: 'ext-id', url: 'https://cruddur.com/home', tab: { id: 4 } };
const contentElsewhere = { id: 'ext-id', url: 'https://news.example/a', tab: { id: 8 } };
const WEB_APPS = () => ['https://cruddur.com'];
const otherExtension = { id: 'evil', url: 'chrome-extension://evil/page.html' };

/** The worker's table with its audiences, each handler replaced by `handle`. */
const withHandlers = (handle: (type: MessageType) => () => Promise<unknown>) =>
  Object.fromEntries(Object.entries(HANDLERS).map(([type, entry]) => [type, { ...entry, handle: handle(type as MessageType) }])) as unknown as HandlerTable<object>;
const answers: Partial<Record<MessageType, () => Promise<unknown>>> = {
  'auth/sign-in': async () => Promise.reject(new AuthError('incorrect-credentials')),
  'feed/home': async () => Promise.reject(new Error('raw stack at line 3')),
};
const table = withHandlers((type) => answers[type] ?? (async () => 'ok'));
const router = (t = table, o: { ready?: Promise<unknown> } = {}) => createRouter({ table: t, services: {}, ext, webApps: WEB_APPS, ready: Promise.resolve(), ...o });
const route = (message: unknown, sender: Sender) => router()(message, sender);

describe('sender policy', () => {
  it.each([
    ['the popup', popup, 'page'],
    ['the popup opened as a tab', popupInTab, 'page'],
    ['the feed page in the side panel or sidebar (no tab)', sidePanel, 'page'],
    ['the feed page framed in a web page', framed, 'frame'],
    ['the feed page as the top frame of a tab showing a web page', framedTop, 'frame'],
    ['the feed page in a subframe of a tab whose URL is unknown', framedNoTabUrl, 'frame'],
    ['the feed page in a subframe, even of our own page', framedInOurTab, 'frame'],
    ['a content script', content, 'content'],
    ['another extension', otherExtension, 'foreign'],
    ['a sender without a url', { id: 'ext-id' }, 'foreign'],
  ] as const)('classifies %s as %s', (_, sender, kind) => {
    expect(classifySender(sender, ext)).toBe(kind);
  });

  it.each([
    ['content script asks for the feed', content, 'feed/home', true],
    ['content script tries to sign in', content, 'auth/sign-in', false],
    ['content script tries to change settings', content, 'settings/save', false],
    ['another extension asks for the feed', otherExtension, 'feed/home', false],
    ['popup changes settings', popup, 'settings/save', true],
    ['framed feed asks for the feed', framed, 'feed/home', true],
    ['framed feed asks for the panel config (it needs none)', framed, 'panel/config', false],
    ['framed feed asks to open sign-in', framed, 'panel/open-sign-in', true],
    ['framed feed tries to sign in', framed, 'auth/sign-in', false],
    ['framed feed tries to sign out', framed, 'auth/sign-out', false],
    ['framed feed tries to adopt a session', framed, 'web-session/adopt', false],
    ['framed feed tries to change settings', framed, 'settings/save', false],
    ['framed feed tries to show the panel elsewhere', framed, 'panel/show-in-active-tab', false],
    ['side panel signs out', sidePanel, 'auth/sign-out', true],
    ['content script reports the web app session', content, 'web-session/report', true],
    ['content script tries to adopt a web app session', content, 'web-session/adopt', false],
    ['content script asks who is on offer', content, 'web-session/offer', false],
    ['content script dismisses an offer', content, 'web-session/dismiss', false],
    ['popup adopts a web app session', popup, 'web-session/adopt', true],
    ['side panel opens a thread', sidePanel, 'crud/thread', true],
    ['side panel replies', sidePanel, 'crud/reply', true],
    ['side panel opens a profile', sidePanel, 'crud/profile', true],
    ['side panel searches', sidePanel, 'crud/search', true],
    ['framed feed tries to open a thread', framed, 'crud/thread', false],
    ['framed feed tries to reply', framed, 'crud/reply', false],
    ['framed feed tries to open a profile', framed, 'crud/profile', false],
    ['framed feed tries to search', framed, 'crud/search', false],
    ['side panel lists conversations', sidePanel, 'dm/conversations', true],
    ['side panel sends a message', sidePanel, 'dm/send', true],
    ['framed feed tries to list conversations', framed, 'dm/conversations', false],
    ['framed feed tries to send a message', framed, 'dm/send', false],
  ] as const)('%s → allowed: %s', async (_, sender, type, allowed) => {
    const answer = await route({ type, payload: undefined }, sender);
    if (allowed) expect(answer).not.toMatchObject({ error: { code: 'forbidden' } });
    else expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: 'This page is not allowed to do that.' } });
  });
});

describe('answers', () => {
  it('wraps a value in an envelope', async () => {
    expect(await route({ type: 'settings/get' }, popup)).toEqual({ ok: true, value: 'ok' });
  });

  it('passes an AuthError as code and plain message', async () => {
    expect(await route({ type: 'auth/sign-in', payload: { email: 'a', password: 'b' } }, popup)).toEqual({
      ok: false,
      error: { code: 'incorrect-credentials', message: errorSentence('incorrect-credentials') },
    });
  });

  it('never passes raw error text', async () => {
    expect(await route({ type: 'feed/home' }, popup)).toEqual({ ok: false, error: { code: 'unknown', message: errorSentence('unknown') } });
  });

  it.each([
    ['a message of another shape', 'hello'],
    ['a type nobody handles', { type: 'something/else' }],
    ['a prototype key', { type: 'constructor' }],
  ])('leaves %s unanswered, for other listeners', (_, message) => {
    expect(route(message, popup)).toBeUndefined();
  });
});

describe('every message × every sender', () => {
  // Written out, not derived from the table's audiences: a change there must change this table too.
  const READ: readonly MessageType[] = ['feed/home', 'panel/open-sign-in'];
  const expected: Record<string, (type: MessageType) => boolean> = {
    'an extension page': (type) => !['web-session/report', 'panel/frame-ticket', 'panel/frame-claim'].includes(type),
    'the framed feed page': (type) => READ.includes(type) || type === 'panel/frame-claim',
    'a content script elsewhere': (type) => READ.includes(type) || type === 'panel/config' || type === 'panel/frame-ticket',
    'a content script on the web app': (type) => READ.includes(type) || ['panel/config', 'panel/frame-ticket', 'web-session/report'].includes(type),
    'another extension': () => false,
  };
  const senders = {
    'an extension page': popup,
    'the framed feed page': framed,
    'a content script elsewhere': contentElsewhere,
    'a content script on the web app': content,
    'another extension': otherExtension,
  };
  const everyHandler = router(withHandlers(() => async () => 'done'));
  const cases = (Object.keys(HANDLERS) as MessageType[]).flatMap((type) =>
    Object.entries(senders).map(([who, sender]) => [type, who, sender, expected[who]!(type)] as const),
  );

  it.each(cases)('%s from %s → allowed: %s', async (type, _, sender, allowed) => {
    const answer = await everyHandler({ type, payload: undefined }, sender);
    expect(answer).toEqual(allowed ? { ok: true, value: 'done' } : { ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
  });

  it.each([
    [PORT_PAGE, 'an extension page', popup, true],
    [PORT_PAGE, 'the framed feed page', framed, false],
    [PORT_PAGE, 'a content script', content, false],
    [PORT_PANEL, 'an extension page', sidePanel, true],
    [PORT_PANEL, 'the framed feed page', framed, true],
    [PORT_PANEL, 'a content script', content, true],
    [PORT_PANEL, 'another extension', otherExtension, false],
    ['toString', 'an extension page', popup, false],
    ['other', 'an extension page', popup, false],
  ] as const)('port %s from %s → admitted: %s', (name, _, sender, admitted) => {
    expect(admitsPort(PORTS, name, sender, ext)).toBe(admitted);
  });
});

describe('a woken worker, before its session is loaded', () => {
  const loading = () => router(table, { ready: new Promise(() => {}) });
  const settled = async (answer: Promise<unknown> | undefined) => Promise.race([answer, new Promise((r) => setTimeout(() => r('waiting'), 20))]);

  it('keeps everyone waiting, extension pages too (they paint first from the mirrors), for every message', async () => {
    expect(await settled(loading()({ type: 'settings/get' }, popup))).toBe('waiting');
    expect(await settled(loading()({ type: 'feed/cached' }, sidePanel))).toBe('waiting');
    expect(await settled(loading()({ type: 'feed/home' }, content))).toBe('waiting');
    expect(await settled(loading()({ type: 'feed/home' }, framed))).toBe('waiting');
  });

  it('answers once the session is loaded', async () => {
    let loaded!: () => void;
    const answer = router(table, { ready: new Promise<void>((r) => (loaded = r)) })({ type: 'settings/get' }, popup);
    loaded();
    expect(await answer).toEqual({ ok: true, value: 'ok' });
  });

  it('still leaves what it does not handle unanswered', () => {
    expect(loading()({ type: 'something/else' }, popup)).toBeUndefined();
  });
});
