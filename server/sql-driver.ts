// The two ways to reach PostgreSQL: PGlite (PostgreSQL in WebAssembly, the embedded default)
// and a real server over `pg`. Both run the same SQL with $1-style parameters; the store above
// this file never knows which one it talks to.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listenPg } from './listener.ts';

export interface SqlDriver {
  readonly kind: 'pglite' | 'pg';
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several `;`-separated statements without parameters (schema setup). */
  exec(sql: string): Promise<void>;
  /**
   * Subscribes to PostgreSQL `NOTIFY`s on `channel` (see listener.ts for what the callbacks
   * mean). Absent on drivers that cannot listen; callers then read the database every time.
   */
  listen?(channel: string, on: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** One notification's payload. */
  notify(payload: string): void;
  /** The subscription is (again) in place: reload whatever may have been missed before it. */
  ready(): void;
  /** The subscription is gone (connection lost) until the next `ready`. */
  lost(): void;
}

/** PostgreSQL's unique_violation, from either driver (both expose the SQLSTATE as `code`). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (e?.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint || String(e.message).includes(constraint);
}

export interface DriverOptions {
  /** `postgres://…`: use a real PostgreSQL server. Absent: use PGlite. */
  databaseUrl?: string;
  /** PGlite data directory (persistent). Absent: in-memory PGlite. Ignored with `databaseUrl`. */
  dataDir?: string;
}

export async function openSqlDriver(o: DriverOptions): Promise<SqlDriver> {
  return o.databaseUrl ? openPg(o.databaseUrl) : openPglite(o.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<SqlDriver> {
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    // One in-process database: a subscription cannot be lost, so it is ready at once.
    async listen(channel, on) {
      const unlisten = await db.listen(channel, on.notify);
      on.ready();
      return () => unlisten();
    },
    close: () => db.close(),
  };
}

async function openPg(connectionString: string): Promise<SqlDriver> {
  const pool = new pg.Pool({ connectionString, max: 5 });
  // An idle client that loses its connection emits 'error'; without a listener Node would
  // crash the whole server. The next query simply gets a fresh connection.
  pool.on('error', () => {});
  // Fail at start-up, not on the first request, when the URL is wrong.
  await pool.query('SELECT 1');
  return {
    kind: 'pg',
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    listen: (channel, on) => listenPg(connectionString, channel, on),
    close: () => pool.end(),
  };
}
