// Issue 20 over real HTTP: profiles with control or invisible characters get a 4xx (never a
// 500) wherever the profile is loaded, and a handle is held by one account only: a look-alike
// claimant is kept without one, answered 409 where a handle is shown, and can choose another.
import { describe, expect, it } from 'vitest';
import type { Activity } from './activity.ts';
import type { FakeUser } from './testing/fake-cognito.ts';
import { call, useTestApi } from './testing/harness.ts';

const t = useTestApi('handle');
let n = 0;
const newUser = (o: Partial<FakeUser> = {}): FakeUser => {
  n += 1;
  return t.newUser(o);
};

const as = (user: FakeUser, path: string, o: { method?: string; body?: unknown } = {}) =>
  call(`${t.api.url}${path}`, { method: o.method, token: t.fake.accessToken(user), body: o.body === undefined ? undefined : JSON.stringify(o.body) });

/** Every route that loads the caller's profile, with a body where it needs one. */
const PROFILE_ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/me'],
  ['GET', '/api/activities/home'],
  ['POST', '/api/activities', { message: 'hi', ttl: '1-hour' }],
  ['POST', '/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply', { message: 'hi' }],
  ['GET', '/api/message_groups'],
  ['GET', '/api/messages/@worf'],
  ['POST', '/api/messages', { handle: 'worf', message: 'hi' }],
  ['PUT', '/api/me/handle', { handle: 'fresh-choice' }],
];

describe('a profile with control or invisible characters → 422 invalid_profile, never 500', () => {
  it.each<[string, Partial<FakeUser>, string[]]>([
    ['a NUL in the name', { name: 'Demo\0User' }, ['name']],
    ['a NUL in the handle', { handle: 'de\0mo' }, ['preferred_username']],
    ['a DEL in the name', { name: 'Demo\u007fUser' }, ['name']],
    ['a C1 control in the name', { name: 'Demo\u0085User' }, ['name']],
    ['a right-to-left override in the name', { name: 'Demo \u202eresU' }, ['name']],
    ['a zero-width space in the handle', { handle: 'de\u200bmo' }, ['preferred_username']],
    ['Unicode tag characters in the name', { name: 'Demo\u{e0049}\u{e0020}' }, ['name']],
    ['a line separator in the name', { name: 'Demo\u2028User' }, ['name']],
    ['a NUL in the email', { email: 'x\0@example.com' }, ['email']],
  ])('%s', async (_name, attrs, fields) => {
    const user = newUser(attrs);
    for (const [method, path, body] of PROFILE_ROUTES) {
      const res = await as(user, path, { method, body });
      expect({ route: `${method} ${path}`, status: res.status, body: res.body }).toEqual({
        route: `${method} ${path}`, status: 422,
        body: { error: 'invalid_profile', error_description: `the account's ${fields.join(', ')} holds control or invisible characters`, fields },
      });
    }
    // The public feed is untouched, and nothing of the account was stored.
    expect((await call(`${t.api.url}/api/activities/home`)).status).toBe(200);
  });

  it('emoji joined with ZWJ and variation selectors are fine in a name', async () => {
    const user = newUser({ name: 'Family 👨‍👩‍👧 ❤️' });
    expect((await as(user, '/api/me')).body).toMatchObject({ name: 'Family 👨‍👩‍👧 ❤️' });
  });

  it('a broken profile costs Cognito one GetUser per 5 minutes, like a good one', async () => {
    const user = newUser({ name: 'Bad\0' });
    await as(user, '/api/me');
    const calls = t.fake.getUserHits();
    for (let i = 0; i < 3; i += 1) await as(user, '/api/me');
    expect(t.fake.getUserHits()).toBe(calls);
  });
});

describe('one account per handle, by case and by look-alike', () => {
  it.each([
    ['the same handle', (h: string) => h],
    ['another case', (h: string) => h.toUpperCase()],
    ['capital I for l', (h: string) => h.replaceAll('l', 'I')],
  ])('a second account asking for %s holds none: 409 handle_taken where its handle would show', async (_name, variant) => {
    const base = `lily${n}`;
    const holder = newUser({ handle: base });
    expect((await as(holder, '/api/me')).body).toMatchObject({ handle: base, handle_status: 'claimed' });
    const claimant = newUser({ handle: variant(base), name: holder.name });
    expect((await as(claimant, '/api/me')).body).toMatchObject({ handle: null, requested_handle: variant(base), handle_status: 'taken' });
    for (const [path, body] of [
      ['/api/activities', { message: `I am @${base}`, ttl: '1-hour' }],
      ['/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply', { message: `I am @${base}` }],
      ['/api/messages', { handle: 'worf', message: `I am @${base}` }],
    ] as const) {
      const res = await as(claimant, path, { method: 'POST', body });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path, status: 409,
        body: { error: 'handle_taken', error_description: expect.stringContaining('PUT /api/me/handle'), requested_handle: variant(base) },
      });
    }
    // Reading still works, and @base lists only the holder's cruds.
    expect((await as(claimant, '/api/activities/home')).status).toBe(200);
    const listed = await call<Activity[]>(`${t.api.url}/api/activities/@${variant(base)}`);
    expect(listed.body.every((a) => a.handle === base)).toBe(true);
  });

  it('a mixed-script handle (Cyrillic е and о in "demo") is never claimed: 409 handle_invalid', async () => {
    const user = newUser({ handle: 'd\u0435m\u043e' });
    expect((await as(user, '/api/me')).body).toMatchObject({ handle: null, handle_status: 'mixed_scripts' });
    const res = await as(user, '/api/activities', { method: 'POST', body: { message: 'hi', ttl: '1-hour' } });
    expect({ status: res.status, error: (res.body as { error: string }).error }).toEqual({ status: 409, error: 'handle_invalid' });
  });

  it('PUT /api/me/handle: the claimant picks another handle, then posts under it', async () => {
    const holder = newUser({ handle: `pick${n}` });
    await as(holder, '/api/me');
    const claimant = newUser({ handle: holder.handle.toUpperCase() });
    await as(claimant, '/api/me');
    expect(await as(claimant, '/api/me/handle', { method: 'PUT', body: { handle: holder.handle } })).toMatchObject({ status: 409, body: { error: 'handle_taken' } });
    const chosen = await as(claimant, '/api/me/handle', { method: 'PUT', body: { handle: `@other${n}` } });
    expect(chosen).toMatchObject({ status: 200, body: { handle: `other${n}`, requested_handle: holder.handle.toUpperCase(), handle_status: 'taken' } });
    const posted = await as(claimant, '/api/activities', { method: 'POST', body: { message: 'finally', ttl: '1-hour' } });
    expect(posted).toMatchObject({ status: 200, body: { handle: `other${n}` } });
  });

  it.each([
    ['blank', '', 'handle_blank'],
    ['a space', 'two words', 'handle_characters'],
    ['a NUL', 'a\0b', 'handle_characters'],
    ['a bidi override', 'ab\u202ec', 'handle_characters'],
    ['mixed scripts', 'd\u0435mo', 'handle_mixed_scripts'],
    ['33 characters', 'y'.repeat(33), 'handle_too_long'],
  ])('PUT /api/me/handle with %s → 422 [%s]', async (_name, handle, code) => {
    const res = await as(newUser(), '/api/me/handle', { method: 'PUT', body: { handle } });
    expect({ status: res.status, body: res.body }).toEqual({ status: 422, body: [code] });
  });

  it('GET /api/handles/<handle> says whether sign-up can take it, without a token', async () => {
    const holder = newUser({ handle: `avail${n}` });
    await as(holder, '/api/me');
    const check = async (h: string) => (await call(`${t.api.url}/api/handles/${encodeURIComponent(h)}`)).body;
    expect(await check(holder.handle.toUpperCase())).toEqual({ handle: holder.handle.toUpperCase(), available: false, reason: 'taken', holder: holder.handle });
    expect(await check(`free${n}x`)).toEqual({ handle: `free${n}x`, available: true });
    expect(await check('d\u0435m\u043e')).toEqual({ handle: 'd\u0435m\u043e', available: false, reason: 'mixed_scripts' });
    expect(await check('a\0b')).toEqual({ handle: 'a\0b', available: false, reason: 'characters' });
    // With the holder's own token, its handle reads as available (a case change is allowed).
    expect((await as(holder, `/api/handles/${holder.handle.toUpperCase()}`)).body).toMatchObject({ available: true });
  });
});
