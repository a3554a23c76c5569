import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import { createHandlers } from './handlers.ts';
import type { Context } from './router.ts';
import type { SessionOwner } from './session-owner.ts';

const USER = { sub: 's', email: 'e', name: 'n', handle: 'h' };
const state: AuthState = { status: 'signed-in', offline: false, user: USER };
const owner = { settings: { clientId: 'client1', webAppOrigins: ['https://cruddur.com'] }, tokens: { state } } as unknown as SessionOwner;
const handlers = createHandlers({
  owner,
  defaults: owner.settings,
  saveSettings: async () => {},
  prefs: memoryKV(),
  ui: memoryKV(),
  panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
});
const adopt = (context: Context) => handlers['auth/adopt-web-session']({ clientId: 'client1', refreshToken: 'r' }, context);

describe('handing over a web-app session', () => {
  it.each<[string, Context]>([
    ['an extension page', { kind: 'page', origin: null }],
    ['the panel on a web-app origin', { kind: 'content', origin: 'https://cruddur.com' }],
  ])('is allowed from %s', async (_, context) => {
    await expect(adopt(context)).resolves.toEqual({ kind: 'signed-in', state });
  });

  it.each<[string, Context]>([
    ['a content script on another origin', { kind: 'content', origin: 'https://evil.example' }],
    ['a content script without an origin', { kind: 'content', origin: null }],
  ])('is refused from %s', async (_, context) => {
    await expect(adopt(context)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the feed cache and the composer, through the handlers', () => {
  const PAGE: Context = { kind: 'page', origin: null };
  function withUser(sub: string | null) {
    const feeds: string[] = [];
    const tokens = {
      state: (sub ? { status: 'signed-in', offline: false, user: { ...USER, sub } } : { status: 'signed-out' }) as AuthState,
    };
    const api = {
      homeFeed: async () => {
        feeds.push(sub ?? 'anonymous');
        return { activities: [{ uuid: `for-${sub}` }], personalised: sub !== null };
      },
      postActivity: async (crud: unknown) => ({ uuid: 'new', posted: crud }),
    };
    return { tokens, api, feeds };
  }
  const ui = memoryKV();
  const session = withUser('alice');
  const h = createHandlers({
    owner: { settings: owner.settings, tokens: session.tokens, api: session.api } as unknown as SessionOwner,
    defaults: owner.settings,
    saveSettings: async () => {},
    prefs: memoryKV(),
    ui,
    panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
  });

  it('answers the feed it just fetched from the cache next time, saying whose it is', async () => {
    expect(await h['feed/cached'](undefined, PAGE)).toBeNull();
    expect(await h['feed/home'](undefined, PAGE)).toMatchObject({ activities: [{ uuid: 'for-alice' }], stale: false });
    expect(await h['feed/cached'](undefined, PAGE)).toMatchObject({ activities: [{ uuid: 'for-alice' }], stale: true, user: 'alice' });
  });

  it('keeps no feed fetched for someone who signed out while it loaded', async () => {
    const other = withUser('carol');
    const store = memoryKV();
    const hc = createHandlers({
      owner: { settings: owner.settings, tokens: other.tokens, api: { homeFeed: async () => {
        other.tokens.state = { status: 'signed-out' };
        return { activities: [], personalised: true };
      } } } as unknown as SessionOwner,
      defaults: owner.settings,
      saveSettings: async () => {},
      prefs: memoryKV(),
      ui: store,
      panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
    });
    await hc['feed/home'](undefined, PAGE);
    expect(await hc['feed/cached'](undefined, PAGE)).toBeNull();
  });

  it('keeps the composer draft, and drops anything that is not one', async () => {
    expect(await h['crud/draft']({ message: 'half a thought', ttl: '3-hours' }, PAGE)).toEqual({ message: 'half a thought', ttl: '3-hours' });
    expect(await h['crud/draft'](null, PAGE)).toEqual({ message: 'half a thought', ttl: '3-hours' });
    expect(await h['crud/draft']({ message: 'x', ttl: 'forever' } as never, PAGE)).toBeNull();
  });

  it('posts only a crud with a known expiry', async () => {
    await expect(h['crud/post']({ message: 'hi', ttl: '1-day' }, PAGE)).resolves.toEqual({ uuid: 'new', posted: { message: 'hi', ttl: '1-day' } });
    await expect(h['crud/post']({ message: 'hi', ttl: '2-years' } as never, PAGE)).rejects.toMatchObject({ code: 'invalid-crud', fields: { ttl: expect.any(String) } });
  });
});
