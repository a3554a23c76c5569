import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../auth/errors.ts';
import { fakeJwt } from '../auth/testing.ts';
import type { UserProfile } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import { BUDGET_WINDOW_MS, GETUSER_BUDGET } from './report-budget.ts';
import { MAX_REMEMBERED, toOffer, WebSessionOffers } from './web-session-offers.ts';

const ORIGIN = 'https://cruddur.com';
const exp = () => Math.floor(Date.now() / 1000) + 3600;
const access = (sub: string, o: { exp?: number } = {}) => fakeJwt({ sub, token_use: 'access', exp: o.exp ?? exp() });
const report = (sub = 'sub-demo', refreshToken = `refresh-${sub}`) => ({ clientId: 'client1', accessToken: access(sub), refreshToken });
const DEMO: UserProfile = { sub: 'sub-demo', email: 'demo@cruddur.local', name: 'Demo', handle: 'demo' };

/** GetUser as Cognito answers it: from the token's real owner; checks what it was given. */
function setup() {
  const seen: string[] = [];
  const refused = new Set<string>();
  const identify = vi.fn(async (accessToken: string) => {
    seen.push(accessToken);
    if (refused.has(accessToken)) throw new AuthError('session-expired');
    return { ...DEMO, sub: JSON.parse(atob(accessToken.split('.')[1] ?? '')).sub as string };
  });
  const memory = memoryKV<'session'>();
  const known = memoryKV<'local'>();
  let n = 0;
  const used = new Set<string>();
  const offers = new WebSessionOffers({ identify, memory, known, newId: () => `offer-${++n}`, usedBefore: async (sub) => used.has(sub) });
  return { offers, identify, seen, refused, memory, known, used };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-28T06:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('a reported web-app session becomes an offer only once Cognito names its owner', () => {
  it('proves the page access token with GetUser and offers the identity Cognito returned, without tokens', async () => {
    const { offers, seen } = setup();
    const found = report();
    expect(await offers.report(ORIGIN, found)).toEqual({ offered: true });
    expect(seen).toEqual([found.accessToken]);
    const held = await offers.current();
    expect(held && toOffer(held)).toEqual({ id: 'offer-1', origin: ORIGIN, user: DEMO, rotation: 'unknown' });
    expect(JSON.stringify(held && toOffer(held))).not.toContain('refresh-');
  });

  it('asks Cognito once for the same tokens, however often the page reports them', async () => {
    const { offers, identify } = setup();
    const found = report();
    for (let i = 0; i < 5; i++) await offers.report(ORIGIN, found);
    expect(identify).toHaveBeenCalledTimes(1);
    expect((await offers.current())?.id).toBe('offer-1');
  });

  it('makes no offer, and no Cognito call, for an expired access token (refreshing would rotate the web app)', async () => {
    const { offers, identify } = setup();
    const stale = { ...report(), accessToken: access('sub-demo', { exp: Math.floor(Date.now() / 1000) - 1 }) };
    expect(await offers.report(ORIGIN, stale)).toEqual({ offered: false });
    expect(identify).not.toHaveBeenCalled();
  });

  it.each([
    ['Cognito refuses the access token (forged or revoked)', new AuthError('session-expired')],
    ['Cognito cannot be reached', new AuthError('network')],
  ])('makes no offer when %s', async (_, error) => {
    const { offers, identify } = setup();
    identify.mockRejectedValueOnce(error);
    expect(await offers.report(ORIGIN, report())).toEqual({ offered: false });
    expect(await offers.current()).toBeNull();
  });

  it('drops the offer when the page signs out (reports nothing)', async () => {
    const { offers } = setup();
    await offers.report(ORIGIN, report());
    expect(await offers.report(ORIGIN, null)).toEqual({ offered: false });
    expect(await offers.current()).toBeNull();
  });

  it('keeps the tokens only in memory storage, and only hashes in durable storage', async () => {
    const { offers, memory, known } = setup();
    const found = report();
    await offers.report(ORIGIN, found);
    expect(JSON.stringify([...memory.data.values()])).toContain(found.refreshToken);
    await offers.retire((await offers.current())!);
    expect(JSON.stringify([...memory.data.values()])).not.toContain(found.refreshToken);
    expect(JSON.stringify([...known.data.values()])).not.toContain(found.refreshToken);
    expect(known.data.get('webSession:spent')).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });
});

describe('no dead ends', () => {
  it('never offers a retired (adopted, revoked or dead) refresh token again, even with a fresh access token', async () => {
    const { offers, identify } = setup();
    await offers.report(ORIGIN, report());
    await offers.retire((await offers.current())!);
    const again = { ...report(), accessToken: access('sub-demo', { exp: exp() + 60 }) };
    expect(await offers.report(ORIGIN, again)).toEqual({ offered: false });
    expect(identify).toHaveBeenCalledTimes(1);
  });

  it('offers a new refresh token of the same user (the web app signed in again)', async () => {
    const { offers } = setup();
    await offers.report(ORIGIN, report());
    await offers.retire((await offers.current())!);
    expect(await offers.report(ORIGIN, report('sub-demo', 'refresh-new-sign-in'))).toEqual({ offered: true });
  });

  it('"Not now" hides the offer for that token, in memory only', async () => {
    const { offers, known } = setup();
    await offers.report(ORIGIN, report());
    await offers.dismiss((await offers.current())!);
    expect(await offers.current()).toBeNull();
    expect(await offers.report(ORIGIN, report())).toEqual({ offered: false });
    expect(known.data.has('webSession:spent')).toBe(false);
  });

  it(`remembers the last ${MAX_REMEMBERED} spent tokens, not an ever-growing list`, async () => {
    const { offers, known } = setup();
    for (let i = 0; i < MAX_REMEMBERED + 5; i++) {
      await offers.report(ORIGIN, report('sub-demo', `refresh-${i}`));
      await offers.retire((await offers.current())!);
    }
    expect((known.data.get('webSession:spent') as string[]).length).toBe(MAX_REMEMBERED);
  });
});

describe('what adopting does to the web app, per client', () => {
  it.each([
    [undefined, 'unknown'],
    [true, 'rotates'],
    [false, 'keeps'],
  ] as const)('after a refresh that rotated: %s, the offer says %s', async (rotated, rotation) => {
    const { offers } = setup();
    if (rotated !== undefined) await offers.learnRotation('client1', rotated);
    await offers.report(ORIGIN, report());
    expect((await offers.current())?.rotation).toBe(rotation);
  });

  it('keeps what it learnt per client id', async () => {
    const { offers } = setup();
    await offers.learnRotation('client1', true);
    expect(await offers.rotation('other-client')).toBe('unknown');
  });
});

describe('a page that reports made-up sessions', () => {
  it('costs one GetUser per access token, however many refresh tokens it invents beside it', async () => {
    const { offers, identify } = setup();
    for (let i = 0; i < 50; i++) expect(await offers.report(ORIGIN, report('sub-demo', `made-up-${i}`))).toEqual({ offered: true });
    expect(identify).toHaveBeenCalledTimes(1);
  });

  it(`costs Cognito at most ${GETUSER_BUDGET} GetUser a minute per origin, over ten minutes of new tokens every half second`, async () => {
    const { offers, identify, refused } = setup();
    let calls = 0;
    const perMinute: number[] = [];
    for (let minute = 0; minute < 10; minute++) {
      for (let tick = 0; tick < 120; tick++) {
        const forged = report(`sub-${minute}-${tick}`, `made-up-${minute}-${tick}`);
        if (tick % 2) refused.add(forged.accessToken); // forged access tokens and valid ones alike
        await offers.report(ORIGIN, forged);
        vi.advanceTimersByTime(500);
      }
      perMinute.push(identify.mock.calls.length - calls);
      calls = identify.mock.calls.length;
    }
    expect(perMinute).toEqual(Array(10).fill(GETUSER_BUDGET));
  });

  it('keeps its budget across a worker restart (spent calls live in storage.session)', async () => {
    const { memory, known, identify } = setup();
    const first = new WebSessionOffers({ identify, memory, known });
    await first.report(ORIGIN, report('sub-a'));
    await first.report(ORIGIN, report('sub-b'));
    vi.advanceTimersByTime(10_000);
    const restarted = new WebSessionOffers({ identify, memory, known });
    // Over budget: no offer, no call, and when to report again (when the first call is a minute old).
    expect(await restarted.report(ORIGIN, report('sub-c'))).toEqual({ offered: false, retryInMs: BUDGET_WINDOW_MS - 10_000 });
    expect(identify).toHaveBeenCalledTimes(GETUSER_BUDGET);
    vi.advanceTimersByTime(BUDGET_WINDOW_MS - 10_000);
    expect(await restarted.report(ORIGIN, report('sub-c'))).toEqual({ offered: true });
  });

  it("keeps one origin's budget to itself: another origin is proved at once", async () => {
    const { offers, identify } = setup();
    await offers.report(ORIGIN, report('sub-a'));
    await offers.report(ORIGIN, report('sub-b'));
    expect(await offers.report('https://www.cruddur.com', report())).toEqual({ offered: true });
    expect(identify).toHaveBeenCalledTimes(3);
  });

  it('offers a real session reported just after a forged one', async () => {
    const { offers, refused } = setup();
    const forged = report('sub-forged');
    refused.add(forged.accessToken);
    expect(await offers.report(ORIGIN, forged)).toEqual({ offered: false });
    expect(await offers.report(ORIGIN, report())).toEqual({ offered: true });
  });
});

describe('whether the offered account was used in this browser before', () => {
  it('says so from the known accounts, by the sub Cognito named', async () => {
    const { offers, used } = setup();
    await offers.report(ORIGIN, report());
    const held = (await offers.current())!;
    expect(await offers.view(held)).toEqual({ ...toOffer(held), usedBefore: false });
    used.add('sub-demo');
    expect((await offers.view(held)).usedBefore).toBe(true);
  });
});

describe('several tabs', () => {
  it('keeps one offer per origin, and reports from two tabs at once ask Cognito once', async () => {
    const { offers, identify } = setup();
    const found = report();
    await Promise.all([offers.report(ORIGIN, found), offers.report(ORIGIN, found)]);
    expect(identify).toHaveBeenCalledTimes(1);
    await offers.report('https://beta.cruddur.com', report('sub-other'));
    expect((await offers.current())?.user.sub).toBe('sub-other');
    expect((await offers.find('offer-1'))?.origin).toBe(ORIGIN);
  });
});

describe('telling the toolbar', () => {
  it('signals each change of the offers: one offered, then dropped', async () => {
    const onChange = vi.fn();
    const offers = new WebSessionOffers({ identify: async () => DEMO, memory: memoryKV(), known: memoryKV(), onChange });
    await offers.report(ORIGIN, report());
    expect(onChange).toHaveBeenCalledTimes(1);
    await offers.report(ORIGIN, report()); // the same tokens again: nothing changed
    expect(onChange).toHaveBeenCalledTimes(1);
    await offers.report(ORIGIN, null);
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});
