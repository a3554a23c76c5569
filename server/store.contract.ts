// One contract, two drivers: store.pglite.test.ts and store.pg.test.ts run these same tests,
// so the SQL is proven on PGlite and on a real PostgreSQL server alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from './rate-limit.ts';
import { createRevocations } from './revocations.ts';
import { ensureWelcome, seed } from './seed.ts';
import type { SqlDriver } from './sql-driver.ts';
import { createStore, type Store, type UserProfile } from './store.ts';

type HandleUser = UserProfile & { handle: string };

const T0 = new Date('2030-05-01T12:00:00.000Z');
const H = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * H);
let n = 0;
const user = (handle: string): HandleUser => {
  n += 1;
  return { sub: `sub-${handle}-${n}`, username: `${handle}${n}@example.com`, email: `${handle}${n}@example.com`, name: `${handle} ${n}`, handle: `${handle}${n}` };
};
const uuid = () => crypto.randomUUID();

/** Waits (5 s at most) for a condition another connection makes true. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function describeStoreContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`store contract on ${name}`, () => {
    let driver: SqlDriver;
    let store: Store;

    beforeAll(async () => {
      driver = await open();
      store = await createStore(driver);
      await seed(store, T0);
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });

    it('schema creation and seeding are idempotent: a second run adds no rows', async () => {
      const again = await createStore(driver);
      await seed(again, T0);
      const feed = await store.homeFeed(null, T0);
      expect(feed.filter((a) => a.message === 'Cloud is fun!')).toHaveLength(1);
      expect(feed.find((a) => a.message === 'Cloud is fun!')?.replies?.map((r) => r.message)).toEqual(['This post has no honor!']);
    });

    it('users round-trip and are updated in place by sub', async () => {
      const u = user('erin');
      await store.upsertUser(u);
      expect(await store.getUser(u.sub)).toEqual({ ...u, requestedHandle: u.handle });
      await store.upsertUser({ ...u, name: 'Erin Renamed', handle: `${u.handle}x` });
      expect(await store.getUser(u.sub)).toEqual({ ...u, name: 'Erin Renamed', handle: `${u.handle}x`, requestedHandle: `${u.handle}x` });
      expect(await store.getUser('sub-nobody')).toBeNull();
    });

    it('an activity round-trips with ISO dates and numeric counts', async () => {
      const u = user('fay');
      await store.upsertUser(u);
      const id = uuid();
      await store.putActivity({ uuid: id, userSub: u.sub, message: 'héllo 🦀 \'quotes\'', createdAt: at(0), expiresAt: at(3), likesCount: 2 });
      expect(await store.getActivity(id)).toEqual({
        uuid: id, display_name: u.name, handle: u.handle, message: 'héllo 🦀 \'quotes\'',
        created_at: '2030-05-01T12:00:00.000Z', expires_at: '2030-05-01T15:00:00.000Z',
        likes_count: 2, replies_count: 0, reposts_count: 0,
      });
      expect(await store.getActivity(uuid())).toBeNull();
    });

    it('putActivity "keep" ignores a duplicate uuid; "refresh" moves only its times', async () => {
      const u = user('gus');
      await store.upsertUser(u);
      const id = uuid();
      await store.putActivity({ uuid: id, userSub: u.sub, message: 'first', createdAt: at(0), expiresAt: at(1) });
      await store.putActivity({ uuid: id, userSub: u.sub, message: 'second', createdAt: at(5), expiresAt: at(6) }, 'keep');
      expect(await store.getActivity(id)).toMatchObject({ message: 'first', created_at: at(0).toISOString() });
      await store.putActivity({ uuid: id, userSub: u.sub, message: 'third', createdAt: at(5), expiresAt: at(6) }, 'refresh');
      expect(await store.getActivity(id)).toMatchObject({ message: 'first', created_at: at(5).toISOString(), expires_at: at(6).toISOString() });
    });

    it('home feed: newest first, expired cruds hidden, addressed cruds only for their recipient', async () => {
      const author = user('hal');
      const reader = user('ivy');
      await store.upsertUser(author);
      await store.upsertUser(reader);
      const older = uuid();
      const newer = uuid();
      const expired = uuid();
      await store.putActivity({ uuid: older, userSub: author.sub, message: 'older', createdAt: at(1), expiresAt: at(100) });
      await store.putActivity({ uuid: newer, userSub: author.sub, message: 'newer', createdAt: at(2), expiresAt: at(100) });
      await store.putActivity({ uuid: expired, userSub: author.sub, message: 'gone', createdAt: at(1), expiresAt: at(2) });
      await ensureWelcome(store, reader, at(2));
      await ensureWelcome(store, reader, at(3));

      const anon = await store.homeFeed(null, at(3));
      const ids = anon.map((a) => a.uuid);
      expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
      expect(ids).not.toContain(expired);
      expect(anon.some((a) => a.message.includes(`@${reader.handle}!`))).toBe(false);

      const personal = await store.homeFeed(reader.sub, at(3));
      const welcomes = personal.filter((a) => a.handle === 'cruddur' && a.message.includes(`@${reader.handle}!`));
      expect(welcomes).toHaveLength(1);
      expect(welcomes[0]?.created_at).toBe(at(2).toISOString());
      expect((await store.homeFeed(author.sub, at(3))).some((a) => a.message.includes(`@${reader.handle}!`))).toBe(false);
    });

    it('user feed: case-insensitive handle, only that user\'s public cruds; unknown handle → null', async () => {
      const u = user('jo');
      await store.upsertUser(u);
      await store.putActivity({ uuid: uuid(), userSub: u.sub, message: 'mine', createdAt: at(0), expiresAt: at(10) });
      const feed = await store.userFeed(u.handle.toUpperCase(), at(1));
      expect(feed?.map((a) => [a.handle, a.message])).toEqual([[u.handle, 'mine']]);
      expect(await store.userFeed('cruddur', at(1))).toEqual([]);
      expect(await store.userFeed('no-such-handle', at(1))).toBeNull();
    });

    it('revoked tokens: remembered until their expiry, for any store on the same database', async () => {
      const jti = `jti-${uuid()}`;
      expect(await store.isRevoked(jti, at(0))).toBe(false);
      await store.revokeToken(jti, at(1));
      // Another store on the same driver stands in for another API process.
      const other = await createStore(driver);
      expect(await other.isRevoked(jti, at(0))).toBe(true);
      expect(await other.isRevoked(jti, at(1))).toBe(false);
      // Revoking again never shortens the entry.
      await store.revokeToken(jti, at(0.5));
      expect(await store.isRevoked(jti, at(0.9))).toBe(true);
    });

    it('a revocation reaches another process by NOTIFY: its in-memory mirror refuses the token', async () => {
      const other = await createStore(driver);
      const [mine, theirs] = await Promise.all([createRevocations(driver, store), createRevocations(driver, other)]);
      try {
        await until(() => theirs.mirrored());
        const jti = `jti-${uuid()}`;
        await mine.revoke(jti, new Date(Date.now() + 60_000));
        await until(() => theirs.isRevoked(jti));
        // Answered from memory: with the row gone, the mirror still refuses the token.
        await driver.query('DELETE FROM revoked_tokens WHERE jti = $1', [jti]);
        expect(theirs.mirrored()).toBe(true);
        expect(await theirs.isRevoked(jti)).toBe(true);
        expect(await theirs.isRevoked(jti, new Date(Date.now() + 61_000))).toBe(false);
      } finally {
        await Promise.all([mine.close(), theirs.close()]);
      }
    });

    it('rate limits: two limiters on one database share counts, and concurrent consumes lose no increment', async () => {
      const limits = { ...DEFAULT_RATE_LIMITS, writesPerUser: { points: 10, seconds: 60 } };
      // Two limiters stand in for two API processes.
      const [a, b] = await Promise.all([createRateLimiter(driver, limits), createRateLimiter(driver, limits)]);
      const sub = `sub-${uuid()}`;
      const verdicts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume([['writesPerUser', sub]])));
      expect(verdicts.filter((v) => v.ok)).toHaveLength(10);
      expect(verdicts.filter((v) => !v.ok)).toHaveLength(20);
      expect(verdicts.find((v) => !v.ok)).toMatchObject({ ok: false, limit: 'writesPerUser' });
      const rows = await driver.query<{ points: number | string }>('SELECT points FROM rate_limits WHERE key = $1', [`writesPerUser:${sub}`]);
      expect(rows.map((r) => Number(r.points))).toEqual([30]);
      a.close();
      b.close();
    });
  });
}
