import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../auth/errors.ts';
import { SESSION_RECORD } from '../auth/session-store.ts';
import { fakeJwt, FakeCognitoAuth, mintTokens, TEST_SETTINGS } from '../auth/testing.ts';
import type { TokenSet } from '../auth/token-policy.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { memoryKV, type AreaKV } from '../shared/kv.ts';
import type { Settings } from '../shared/settings.ts';
import { getItem } from '../shared/storage-keys.ts';
import type { Context } from './router.ts';
import { backgroundRig, contentScript } from './testing.ts';
import { WebSessionOffers } from './web-session-offers.ts';

const WEB_APP = 'https://cruddur.com';
const SETTINGS: Settings = { ...TEST_SETTINGS, webAppOrigins: [WEB_APP] };
const onWebApp: Context = { kind: 'content', origin: WEB_APP };
const popup: Context = { kind: 'page', origin: null };

/**
 * Cognito for adoption: each refresh token belongs to one user; a refresh checks the token it
 * was given, and on a rotating client hands out a new one.
 */
class AdoptingCognito extends FakeCognitoAuth {
  owners = new Map<string, string>([
    ['refresh-demo', 'demo'],
    ['refresh-attacker', 'attacker'],
  ]);
  override rotate = false;
  refreshed: string[] = [];
  // The base fake's refresh takes no argument; this one checks the token it is given.
  override async refresh(...args: unknown[]): Promise<TokenSet> {
    const refreshToken = String(args[0]);
    this.refreshed.push(refreshToken);
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    const sub = this.owners.get(refreshToken);
    if (!sub) throw new AuthError('session-expired');
    return mintTokens({ sub, ...(this.rotate ? { refreshToken: `${refreshToken}-rotated` } : {}) });
  }
}

/** The refresh token of the stored session. */
const storedRefreshToken = async (durable: AreaKV<'indexeddb'>) => (await getItem(durable, SESSION_RECORD))?.session.refreshToken;

async function setup() {
  const cognito = new AdoptingCognito();
  cognito.addUser('demo', { name: 'Demo', handle: 'demo' });
  cognito.addUser('attacker', { name: 'Mallory', handle: 'mallory' });
  const known = memoryKV<'local'>();
  // The offers as the worker keeps them: proved with the current auth service.
  const offers: WebSessionOffers = new WebSessionOffers({ identify: (t) => rig.owner.auth.identify(t), memory: memoryKV(), known });
  const rig = await backgroundRig({ settings: SETTINGS, cognito, offers });
  const { call } = rig;
  const access = (sub: string) => fakeJwt({ sub, token_use: 'access', exp: Math.floor(Date.now() / 1000) + 3600 });
  const report = (sub: string, refreshToken: string, context: Context = onWebApp) =>
    call('web-session/report', { clientId: 'client1', accessToken: access(sub), refreshToken }, context);
  const offerId = async () => (await call('web-session/offer', undefined))?.id ?? '';
  return { ...rig, report, offerId, known };
}

describe('a web-app session is reported by the content script, never adopted by it', () => {
  it.each([
    ['a content script on another origin', 'https://evil.example/home'],
    ['a content script on a look-alike host', 'https://cruddur.com.evil.example/'],
  ])('the router refuses a report from %s, and nothing is offered', async (_, url) => {
    const { call, route } = await setup();
    const payload = { clientId: 'client1', accessToken: 'access', refreshToken: 'refresh-demo' };
    const answer = await route({ type: 'web-session/report', payload }, contentScript(url));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });

  it('refuses a report without an origin (never routed so, but never trusted either)', async () => {
    const { report } = await setup();
    await expect(report('demo', 'refresh-demo', { kind: 'content', origin: null })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers a report only with whether there is an offer, not who', async () => {
    const { report } = await setup();
    expect(await report('demo', 'refresh-demo')).toEqual({ offered: true });
  });

  it('ignores a session of another client id without asking Cognito', async () => {
    const { call } = await setup();
    const answer = await call('web-session/report', { clientId: 'other', accessToken: 'a', refreshToken: 'r' }, onWebApp);
    expect(answer).toEqual({ offered: false });
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });

  it('offers the identity Cognito names for the access token, not the ID token the page wrote', async () => {
    const { report, call } = await setup();
    await report('attacker', 'refresh-attacker');
    expect(await call('web-session/offer', undefined, popup)).toMatchObject({
      origin: WEB_APP,
      user: { sub: 'attacker', name: 'Mallory', handle: 'mallory' },
      rotation: 'unknown',
    });
  });
});

describe('adopting the offer the user confirmed in the popup', () => {
  it('adopts exactly that identity, once, by refreshing the page token it held', async () => {
    const { report, offerId, call, cognito, durable } = await setup();
    await report('demo', 'refresh-demo');
    const outcome = await call('web-session/adopt', { offerId: await offerId() }, popup);
    expect(outcome).toMatchObject({ kind: 'signed-in', state: { status: 'signed-in', user: { sub: 'demo', handle: 'demo' } } });
    expect(cognito.refreshed).toEqual(['refresh-demo']);
    expect(await storedRefreshToken(durable)).toBe('refresh-demo');
  });

  it('refuses when the refresh token belongs to someone else than the access token that was shown', async () => {
    const { report, offerId, call, owner } = await setup();
    // The page paired the demo user's access token with an attacker's refresh token.
    await report('demo', 'refresh-attacker');
    await expect(call('web-session/adopt', { offerId: await offerId() }, popup)).rejects.toMatchObject({ code: 'session-other-account' });
    expect(owner.state.status).toBe('signed-out');
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });

  it('turns a dead token into a plain sentence, and the offer disappears', async () => {
    const { report, offerId, call, cognito } = await setup();
    await report('demo', 'refresh-demo');
    cognito.owners.delete('refresh-demo'); // revoked elsewhere since
    await expect(call('web-session/adopt', { offerId: await offerId() }, popup)).rejects.toMatchObject({ code: 'web-session-gone', message: errorSentence('web-session-gone') });
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });

  it('keeps the offer through a passing failure, so Continue can be tried again', async () => {
    const { report, offerId, call, cognito } = await setup();
    await report('demo', 'refresh-demo');
    const id = await offerId();
    cognito.failures.push(new AuthError('network'));
    await expect(call('web-session/adopt', { offerId: id }, popup)).rejects.toMatchObject({ code: 'network' });
    expect((await call('web-session/adopt', { offerId: id }, popup)).kind).toBe('signed-in');
  });

  it('says the offer is gone for an unknown offer id', async () => {
    const { call } = await setup();
    await expect(call('web-session/adopt', { offerId: 'guessed' }, popup)).rejects.toMatchObject({ code: 'web-session-gone' });
  });

  it('makes no offer while signed in, and adopting then keeps the session it has', async () => {
    const { report, offerId, call, cognito } = await setup();
    await report('demo', 'refresh-demo');
    const id = await offerId();
    await call('web-session/adopt', { offerId: id }, popup);
    expect(await report('attacker', 'refresh-attacker')).toEqual({ offered: false });
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
    expect(await call('web-session/adopt', { offerId: id }, popup)).toMatchObject({ state: { user: { sub: 'demo' } } });
    expect(cognito.refreshed).toEqual(['refresh-demo']);
  });

  it('never offers again the token it adopted and sign-out revoked (no dead end)', async () => {
    const { report, offerId, call, owner, cognito } = await setup();
    await report('demo', 'refresh-demo');
    await call('web-session/adopt', { offerId: await offerId() }, popup);
    await owner.auth.signOut();
    expect(cognito.revoked).toEqual(['refresh-demo']);
    // The page still holds the revoked token (with an access token Cognito may still accept).
    expect(await report('demo', 'refresh-demo')).toEqual({ offered: false });
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });

  it.each([
    [false, 'keeps'],
    [true, 'rotates'],
  ] as const)('learns from the adopting refresh whether the client rotates (rotated: %s → %s)', async (rotate, rotation) => {
    const { report, offerId, call, owner, cognito } = await setup();
    cognito.rotate = rotate;
    await report('demo', 'refresh-demo');
    await call('web-session/adopt', { offerId: await offerId() }, popup);
    await owner.auth.signOut();
    await report('demo', 'refresh-demo-second-sign-in');
    expect(await call('web-session/offer', undefined, popup)).toMatchObject({ rotation });
  });

  it('"Not now" removes the offer', async () => {
    const { report, offerId, call } = await setup();
    await report('demo', 'refresh-demo');
    await call('web-session/dismiss', { offerId: await offerId() }, popup);
    expect(await call('web-session/offer', undefined, popup)).toBeNull();
  });
});

describe('the feed cache and the composer, through the handlers', () => {
  const PAGE: Context = { kind: 'page', origin: null };
  /**
   * A real session signed in as `sub` (or no one), over a Cruddur API that answers each user's
   * feed to that user's token only; `during` runs while the feed request is in flight.
   */
  async function withUser(sub: string | null, o: { ui?: AreaKV<'session'>; during?: () => Promise<unknown> } = {}) {
    const cognito = new FakeCognitoAuth();
    if (sub) cognito.addUser(sub);
    const durable = memoryKV<'indexeddb'>();
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const token = new Headers(init?.headers).get('Authorization')?.replace('Bearer ', '');
      const record = await getItem(durable, SESSION_RECORD);
      const user = token && token === record?.session.accessToken ? record.user.sub : null;
      await o.during?.();
      if (init?.method === 'POST') {
        const posted = JSON.parse(String(init.body)) as { message: string; ttl: string };
        // What was posted comes back in the crud's own fields (the worker keeps only those).
        const reply = /^\/api\/activities\/([0-9a-f-]{36})\/reply$/.exec(url.pathname)?.[1];
        if (reply) return Response.json({ uuid: 'r', message: posted.message, handle: user, reply_to_activity_uuid: reply }, { status: 200 });
        return Response.json({ uuid: 'new', message: `${posted.message} (${posted.ttl})`, handle: user }, { status: 200 });
      }
      expect(url.pathname).toBe('/api/activities/home');
      return Response.json([{ uuid: `for-${user}` }]);
    };
    const rig = await backgroundRig({ settings: SETTINGS, cognito, durable, fetch, ...(o.ui ? { ui: o.ui } : {}) });
    if (sub) await rig.owner.auth.signIn(sub, 'Passw0rd!');
    return rig;
  }
  let h: Awaited<ReturnType<typeof withUser>>['call'];
  beforeAll(async () => {
    ({ call: h } = await withUser('alice'));
  });

  it('answers the feed it just fetched from the cache next time, saying whose it is', async () => {
    expect(await h('feed/cached', undefined, PAGE)).toBeNull();
    expect(await h('feed/home', undefined, PAGE)).toMatchObject({ activities: [{ uuid: 'for-alice' }], stale: false });
    expect(await h('feed/cached', undefined, PAGE)).toMatchObject({ activities: [{ uuid: 'for-alice' }], stale: true, user: 'alice' });
  });

  it('keeps no feed fetched for someone who signed out while it loaded', async () => {
    const late: { owner?: Awaited<ReturnType<typeof withUser>>['owner'] } = {};
    const carol = await withUser('carol', { during: async () => late.owner?.auth.signOut() });
    late.owner = carol.owner;
    expect(await carol.call('feed/home', undefined, PAGE)).toMatchObject({ activities: [{ uuid: 'for-carol' }] });
    expect(await carol.call('feed/cached', undefined, PAGE)).toBeNull();
  });

  it('keeps the composer draft, and drops anything that is not one', async () => {
    expect(await h('crud/draft', { message: 'half a thought', ttl: '3-hours' }, PAGE)).toEqual({ message: 'half a thought', ttl: '3-hours' });
    expect(await h('crud/draft', null, PAGE)).toEqual({ message: 'half a thought', ttl: '3-hours' });
    expect(await h('crud/draft', { message: 'x', ttl: 'forever' } as never, PAGE)).toBeNull();
  });

  it('replies trimmed, and refuses a blank reply without calling the API', async () => {
    const uuid = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
    await expect(h('crud/reply', { uuid, message: '  yes  ' }, PAGE)).resolves.toMatchObject({ uuid: 'r', message: 'yes', handle: 'alice', reply_to_activity_uuid: uuid });
    await expect(h('crud/reply', { uuid, message: ' \n ' }, PAGE)).rejects.toMatchObject({ code: 'invalid-crud', fields: { message: 'Write something first.' } });
  });

  it('posts only a crud with a known expiry', async () => {
    await expect(h('crud/post', { message: 'hi', ttl: '1-day' }, PAGE)).resolves.toMatchObject({ uuid: 'new', message: 'hi (1-day)', handle: 'alice', display_name: 'alice' });
    await expect(h('crud/post', { message: 'hi', ttl: '2-years' } as never, PAGE)).rejects.toMatchObject({ code: 'invalid-crud', fields: { ttl: expect.any(String) } });
  });
});
