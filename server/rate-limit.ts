// Rate limits kept in PostgreSQL, the store every API process shares: the API runs as several
// processes behind a load balancer, so a count held in one process's memory would let a client
// multiply its allowance by the number of processes.
//
// rate-limiter-flexible's RateLimiterPostgres does the counting: one atomic
// `INSERT … ON CONFLICT DO UPDATE … RETURNING` per consume, so concurrent requests in different
// processes never lose an increment. It talks to a `pg.Pool`-like object (`query({text, values})`
// → `{rows, rowCount}`); `pgLikeClient` gives it exactly that over our SqlDriver, so the same
// limiter runs on a real PostgreSQL (through `pg`) and on PGlite, which has no `pg` client.
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SqlDriver } from './sql-driver.ts';

export interface RateLimit {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds (fixed windows, starting at a key's first request). */
  seconds: number;
}

export interface RateLimits {
  /** Writes (`POST /api/activities`) per verified user (`sub`). Default 10 per minute. */
  writesPerUser: RateLimit;
  /** Writes per client address, signed in or not. Default 30 per minute. */
  writesPerAddress: RateLimit;
  /** Reads (`GET /api/*`) per verified user. Default 120 per minute. */
  readsPerUser: RateLimit;
  /** Reads per client address. Default 120 per minute. */
  readsPerAddress: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  writesPerUser: { points: 10, seconds: 60 },
  writesPerAddress: { points: 30, seconds: 60 },
  readsPerUser: { points: 120, seconds: 60 },
  readsPerAddress: { points: 120, seconds: 60 },
};

export type LimitName = keyof RateLimits;

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number; limit: LimitName };

export interface RateLimiter {
  /** Counts one request against every `[limit, key]` pair; refused if any limit is exceeded. */
  consume(keys: [LimitName, string][]): Promise<Verdict>;
}

const TABLE = 'rate_limits';

// Created with the rest of the schema under the store's advisory lock (the library's own
// CREATE TABLE would race between processes starting together). Columns as the library expects.
const SCHEMA = `
BEGIN;
SELECT pg_advisory_xact_lock(4567001);
CREATE TABLE IF NOT EXISTS ${TABLE} (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
COMMIT;
`;

/**
 * The `pg.Pool` surface RateLimiterPostgres uses (`storeType: 'pool'`). `rowCount` is the number
 * of rows returned, which is right for its SELECT and `RETURNING` upserts (all `consume` needs);
 * its `delete` would always report false, and we never call it.
 */
export function pgLikeClient(driver: SqlDriver) {
  return {
    // The library names its prepared statements; our drivers take plain text, which is the same SQL.
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await driver.query(q.text, q.values ?? []);
      return { rows, rowCount: rows.length };
    },
  };
}

// Cognito subs are 36 characters, addresses at most 45, but a key must fit varchar(255)
// whatever a token or a proxy puts in it.
const fit = (key: string) => (key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`);

export async function createRateLimiter(driver: SqlDriver, limits: RateLimits = DEFAULT_RATE_LIMITS): Promise<RateLimiter> {
  await driver.exec(SCHEMA);
  const client = pgLikeClient(driver);
  const limiters = Object.fromEntries(
    (Object.keys(limits) as LimitName[]).map((name, i) => [name, new RateLimiterPostgres({
      storeClient: client,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: name,
      points: limits[name].points,
      duration: limits[name].seconds,
      // No in-memory blocking: a block held in one process would not be seen by the others.
      inMemoryBlockOnConsumed: 0,
      // Each limiter would sweep the whole shared table every 5 minutes; one sweeper is enough.
      clearExpiredByTimeout: i === 0,
    })]),
  ) as Record<LimitName, RateLimiterPostgres>;

  return {
    async consume(keys) {
      // Every limit counts the request, even when another one refuses it, so a client cannot
      // dodge one count by tripping another.
      const results = await Promise.allSettled(keys.map(([name, key]) => limiters[name].consume(fit(key))));
      let refused: { retryAfterSeconds: number; limit: LimitName } | undefined;
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        // The library rejects with a RateLimiterRes when over the limit, with an Error when the store fails.
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        const retryAfterSeconds = Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000));
        const limit = keys[i]?.[0] ?? 'readsPerAddress';
        if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { retryAfterSeconds, limit };
      }
      return refused ? { ok: false, ...refused } : { ok: true };
    },
  };
}
