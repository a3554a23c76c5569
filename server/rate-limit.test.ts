// The limiter's rules on an in-memory PGlite (real SQL), with the clock faked: only `Date` is
// replaced, because the limiter reads `Date.now()` and writes expiry times into the table.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimiter } from './rate-limit.ts';
import { openSqlDriver, type SqlDriver } from './sql-driver.ts';

const T0 = new Date('2030-05-01T12:00:00.000Z');
let driver: SqlDriver;
let limiter: RateLimiter;
let n = 0;
/** A key no other test uses, so the tests share one table without sharing counts. */
const key = (tag: string) => `${tag}-${(n += 1)}`;

beforeAll(async () => {
  driver = await openSqlDriver({});
  limiter = await createRateLimiter(driver, {
    ...DEFAULT_RATE_LIMITS,
    writesPerUser: { points: 3, seconds: 60 },
    writesPerAddress: { points: 5, seconds: 10 },
  });
}, 60_000);
afterAll(async () => {
  limiter?.close();
  await driver?.close();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

const consumeTimes = async (times: number, keys: Parameters<RateLimiter['consume']>[0]) => {
  const verdicts = [];
  for (let i = 0; i < times; i += 1) verdicts.push(await limiter.consume(keys));
  return verdicts;
};

describe('rate limiter (fixed windows in the shared store)', () => {
  it('allows `points` requests in a window, then refuses with the seconds left in it', async () => {
    const user = key('user');
    const verdicts = await consumeTimes(3, [['writesPerUser', user]]);
    expect(verdicts).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    vi.setSystemTime(T0.getTime() + 20_500);
    expect(await limiter.consume([['writesPerUser', user]])).toEqual({ ok: false, retryAfterSeconds: 40, limit: 'writesPerUser' });
  });

  it('a new window starts when the old one ends', async () => {
    const user = key('user');
    await consumeTimes(4, [['writesPerUser', user]]);
    vi.setSystemTime(T0.getTime() + 59_999);
    expect((await limiter.consume([['writesPerUser', user]])).ok).toBe(false);
    vi.setSystemTime(T0.getTime() + 60_000);
    expect(await limiter.consume([['writesPerUser', user]])).toEqual({ ok: true });
  });

  it('Retry-After is never 0: under a second left rounds up to 1', async () => {
    const user = key('user');
    await consumeTimes(3, [['writesPerUser', user]]);
    vi.setSystemTime(T0.getTime() + 59_900);
    expect(await limiter.consume([['writesPerUser', user]])).toEqual({ ok: false, retryAfterSeconds: 1, limit: 'writesPerUser' });
  });

  it('keys and limits count apart: another user, or the same key under another limit, is not affected', async () => {
    const user = key('user');
    await consumeTimes(4, [['writesPerUser', user]]);
    expect(await limiter.consume([['writesPerUser', key('user')]])).toEqual({ ok: true });
    expect(await limiter.consume([['readsPerUser', user]])).toEqual({ ok: true });
  });

  it('several limits at once: the request counts against all; the refusal names the longest wait', async () => {
    const user = key('user');
    const address = key('203.0.113.1');
    await consumeTimes(5, [['writesPerAddress', address]]);
    // The address is spent (10 s window); the user still has 3.
    const verdict = await limiter.consume([['writesPerUser', user], ['writesPerAddress', address]]);
    expect(verdict).toEqual({ ok: false, retryAfterSeconds: 10, limit: 'writesPerAddress' });
    // The refused request still counted against the user: 2 more, then refused.
    expect(await consumeTimes(3, [['writesPerUser', user]])).toEqual([
      { ok: true }, { ok: true }, { ok: false, retryAfterSeconds: 60, limit: 'writesPerUser' },
    ]);
    // Both spent: the user's 60 s window is the longer wait.
    expect(await limiter.consume([['writesPerAddress', address], ['writesPerUser', user]])).toEqual({ ok: false, retryAfterSeconds: 60, limit: 'writesPerUser' });
  });

  it('a key longer than the column holds is hashed, not an error', async () => {
    const long = `sub-${'x'.repeat(1000)}`;
    expect(await consumeTimes(4, [['writesPerUser', long]])).toEqual([
      { ok: true }, { ok: true }, { ok: true }, { ok: false, retryAfterSeconds: 60, limit: 'writesPerUser' },
    ]);
    const rows = await driver.query<{ key: string }>("SELECT key FROM rate_limits WHERE key LIKE 'writesPerUser:sha256:%'");
    expect(rows).toHaveLength(1);
  });

  it('the store failing is an error for the caller (answered 503), never a silent allow', async () => {
    const broken = await createRateLimiter({
      kind: 'pglite',
      exec: () => Promise.resolve(),
      query: () => Promise.reject(new Error('connection lost')),
      close: () => Promise.resolve(),
    });
    await expect(broken.consume([['readsPerAddress', '127.0.0.1']])).rejects.toThrow('connection lost');
    broken.close();
  });

  it('two limits of one request are one statement: the database sees a single round trip', async () => {
    const seen: string[] = [];
    const counting = await createRateLimiter({
      kind: 'pglite',
      exec: (sql) => driver.exec(sql),
      query: <Row extends object>(sql: string, params?: unknown[]) => {
        seen.push(sql);
        return driver.query<Row>(sql, params);
      },
      close: () => Promise.resolve(),
    });
    try {
      const user = key('user');
      expect(await counting.consume([['readsPerAddress', key('198.51.100.1')], ['readsPerUser', user]])).toEqual({ ok: true });
      expect(seen).toHaveLength(1);
      // The same key listed twice counts once (a row cannot be updated twice by one statement).
      expect(await counting.consume([['writesPerUser', user], ['writesPerUser', user]])).toEqual({ ok: true });
      const rows = await driver.query<{ points: number }>('SELECT points FROM rate_limits WHERE key = $1', [`writesPerUser:${user}`]);
      expect(rows.map((r) => Number(r.points))).toEqual([1]);
    } finally {
      counting.close();
    }
  });
});
