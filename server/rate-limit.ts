// Rate limits kept in PostgreSQL, the store every API process shares: the API runs as several
// processes behind a load balancer, so a count held in one process's memory would let a client
// multiply its allowance by the number of processes.
//
// One request is one statement, whatever number of limits it falls under: a multi-row
// `INSERT … ON CONFLICT DO UPDATE … RETURNING` counts it against every key at once, atomically
// per key, so concurrent requests in different processes never lose an increment, and an
// authenticated read (address + user) costs the database one round trip, like an anonymous one.
// (Until 2026-12 this was rate-limiter-flexible's RateLimiterPostgres, one query per key; the
// table and its rows are the same.)
import { createHash } from 'node:crypto';
import type { SqlDriver } from './sql-driver.ts';

export interface RateLimit {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds (fixed windows, starting at a key's first request). */
  seconds: number;
}

export interface RateLimits {
  /** Writes (posts, replies, messages, handle changes) per verified user (`sub`). Default 10 per minute. */
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
  /** Stops the sweeper. */
  close(): void;
}

const TABLE = 'rate_limits';

// Created with the rest of the schema under the store's advisory lock, so processes starting
// together do not race. `expire` is epoch milliseconds.
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

/** Rows expired this long ago are deleted by the sweeper (every 5 minutes, in each process). */
const SWEEP_AFTER_MS = 3_600_000;
const SWEEP_EVERY_MS = 5 * 60_000;

// Cognito subs are 36 characters, addresses at most 45, but a key must fit varchar(255)
// whatever a token or a proxy puts in it.
const fit = (key: string) => (key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`);

/** `($1, $2, $3), ($4, $5, $6), …` for `rows` rows of three parameters after `offset`. */
const valuesList = (rows: number, offset: number) =>
  Array.from({ length: rows }, (_, i) => `($${offset + 3 * i + 1}, 1, $${offset + 3 * i + 2}::bigint + $${offset + 3 * i + 3}::bigint)`).join(', ');

export async function createRateLimiter(driver: SqlDriver, limits: RateLimits = DEFAULT_RATE_LIMITS): Promise<RateLimiter> {
  await driver.exec(SCHEMA);
  const sweeper = setInterval(() => {
    driver.query(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now() - SWEEP_AFTER_MS]).catch(() => undefined);
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  return {
    async consume(keys) {
      const now = Date.now();
      // One row per distinct key: ON CONFLICT cannot touch a row twice in one statement.
      const rows = new Map<string, LimitName>();
      for (const [name, key] of keys) rows.set(`${name}:${fit(key)}`, name);
      if (rows.size === 0) return { ok: true };
      const params: unknown[] = [now];
      for (const [key, name] of rows) params.push(key, now, limits[name].seconds * 1000);
      // A key whose window has ended starts a new one at 1; otherwise it adds 1 to its window.
      const counted = await driver.query<{ key: string; points: number | string; expire: number | string }>(
        `INSERT INTO ${TABLE} (key, points, expire) VALUES ${valuesList(rows.size, 1)}
         ON CONFLICT (key) DO UPDATE SET
           points = CASE WHEN ${TABLE}.expire IS NULL OR ${TABLE}.expire <= $1 THEN 1 ELSE ${TABLE}.points + 1 END,
           expire = CASE WHEN ${TABLE}.expire IS NULL OR ${TABLE}.expire <= $1 THEN EXCLUDED.expire ELSE ${TABLE}.expire END
         RETURNING key, points, expire`,
        params,
      );
      // Every limit counted the request, even when another one refuses it, so a client cannot
      // dodge one count by tripping another. The refusal names the longest wait.
      let refused: { retryAfterSeconds: number; limit: LimitName } | undefined;
      for (const row of counted) {
        const name = rows.get(row.key);
        if (!name || Number(row.points) <= limits[name].points) continue;
        const retryAfterSeconds = Math.max(1, Math.ceil((Number(row.expire) - now) / 1000));
        if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { retryAfterSeconds, limit: name };
      }
      return refused ? { ok: false, ...refused } : { ok: true };
    },
    close: () => clearInterval(sweeper),
  };
}
