// The PostgreSQL store: schema, and the few queries the API needs. It runs unchanged on PGlite
// and on a real PostgreSQL server (see sql-driver.ts); store.contract.ts holds the tests both
// drivers must pass.
import type { Activity } from './activity.ts';
import type { SqlDriver } from './sql-driver.ts';

export interface UserProfile {
  /** Cognito `sub`: the stable key. Handles and names can change. */
  sub: string;
  username: string;
  email: string;
  name: string;
  handle: string;
}

export interface NewActivityRow {
  uuid: string;
  userSub: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set for a crud addressed to one user: it shows only in that user's home feed. */
  recipientSub?: string | null;
  replyTo?: string | null;
  likesCount?: number;
  repliesCount?: number;
  repostsCount?: number;
}

export interface Store {
  upsertUser(user: UserProfile): Promise<void>;
  getUser(sub: string): Promise<UserProfile | null>;
  /**
   * `keep` leaves an existing row alone (idempotent inserts); `refresh` moves its times, so
   * demo data in a long-lived database never expires.
   */
  putActivity(row: NewActivityRow, ifExists?: 'keep' | 'refresh'): Promise<void>;
  /** Public cruds, plus those addressed to `viewerSub`; newest first, replies nested. */
  homeFeed(viewerSub: string | null, now?: Date): Promise<Activity[]>;
  /** One user's public cruds, or null when nobody has this handle. */
  userFeed(handle: string, now?: Date): Promise<Activity[] | null>;
  getActivity(uuid: string): Promise<Activity | null>;
  /**
   * Remembers a revoked access token (by `jti`) until it would expire anyway, for every API
   * process: whichever process learns of a revocation from Cognito, all of them refuse the token.
   */
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  isRevoked(jti: string, now?: Date): Promise<boolean>;
  close(): Promise<void>;
}

const FEED_LIMIT = 100;

// The advisory lock serialises concurrent start-ups against one PostgreSQL server, where two
// racing CREATE TABLE IF NOT EXISTS can otherwise fail on the catalog's unique index.
const SCHEMA = `
BEGIN;
SELECT pg_advisory_xact_lock(4567001);
CREATE TABLE IF NOT EXISTS users (
  sub text PRIMARY KEY,
  username text NOT NULL,
  email text NOT NULL DEFAULT '',
  display_name text NOT NULL,
  handle text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS users_handle_idx ON users (lower(handle));
CREATE TABLE IF NOT EXISTS activities (
  uuid uuid PRIMARY KEY,
  user_sub text NOT NULL REFERENCES users (sub),
  message text NOT NULL,
  recipient_sub text REFERENCES users (sub),
  reply_to_uuid uuid REFERENCES activities (uuid),
  likes_count integer NOT NULL DEFAULT 0,
  replies_count integer NOT NULL DEFAULT 0,
  reposts_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS activities_feed_idx ON activities (created_at DESC);
CREATE TABLE IF NOT EXISTS revoked_tokens (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
COMMIT;
`;

const COLUMNS = `a.uuid::text AS uuid, u.display_name, u.handle, a.message, a.created_at, a.expires_at,
  a.likes_count, a.replies_count, a.reposts_count, a.reply_to_uuid::text AS reply_to_uuid`;

interface ActivityRow {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: Date | string;
  expires_at: Date | string;
  likes_count: number;
  replies_count: number;
  reposts_count: number;
  reply_to_uuid: string | null;
}

export async function createStore(db: SqlDriver): Promise<Store> {
  await db.exec(SCHEMA);

  // One round trip per feed: the top-level cruds (`top`) and their replies.
  async function feed(where: string, params: unknown[]): Promise<Activity[]> {
    const rows = await db.query<ActivityRow>(
      `WITH top AS (
         SELECT ${COLUMNS} FROM activities a JOIN users u ON u.sub = a.user_sub
         WHERE a.reply_to_uuid IS NULL AND a.expires_at > $1 AND ${where}
         ORDER BY a.created_at DESC LIMIT ${FEED_LIMIT})
       SELECT * FROM (SELECT * FROM top) t
       UNION ALL
       SELECT * FROM (SELECT ${COLUMNS} FROM activities a JOIN users u ON u.sub = a.user_sub
         WHERE a.reply_to_uuid::text IN (SELECT uuid FROM top)) r
       ORDER BY created_at DESC`,
      params,
    );
    return nest(rows);
  }

  return {
    async upsertUser(user) {
      await db.query(
        `INSERT INTO users (sub, username, email, display_name, handle) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sub) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
           display_name = EXCLUDED.display_name, handle = EXCLUDED.handle, updated_at = now()`,
        [user.sub, user.username, user.email, user.name, user.handle],
      );
    },
    async getUser(sub) {
      const rows = await db.query<UserProfile>(
        'SELECT sub, username, email, display_name AS name, handle FROM users WHERE sub = $1',
        [sub],
      );
      return rows[0] ?? null;
    },
    async putActivity(row, ifExists = 'keep') {
      const conflict = ifExists === 'refresh'
        ? 'DO UPDATE SET created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at'
        : 'DO NOTHING';
      await db.query(
        `INSERT INTO activities (uuid, user_sub, message, recipient_sub, reply_to_uuid, likes_count,
           replies_count, reposts_count, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (uuid) ${conflict}`,
        [row.uuid, row.userSub, row.message, row.recipientSub ?? null, row.replyTo ?? null,
          row.likesCount ?? 0, row.repliesCount ?? 0, row.repostsCount ?? 0, row.createdAt, row.expiresAt],
      );
    },
    homeFeed: (viewerSub, now = new Date()) =>
      feed('(a.recipient_sub IS NULL OR a.recipient_sub = $2)', [now, viewerSub ?? '']),
    async userFeed(handle, now = new Date()) {
      const known = await db.query('SELECT 1 FROM users WHERE lower(handle) = lower($1) LIMIT 1', [handle]);
      if (known.length === 0) return null;
      return feed('a.recipient_sub IS NULL AND lower(u.handle) = lower($2)', [now, handle]);
    },
    async getActivity(uuid) {
      const rows = await db.query<ActivityRow>(
        `SELECT ${COLUMNS} FROM activities a JOIN users u ON u.sub = a.user_sub WHERE a.uuid::text = $1`,
        [uuid],
      );
      const row = rows[0];
      return row ? toActivity(row) : null;
    },
    async revokeToken(jti, expiresAt) {
      await db.query(
        `INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2)
         ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)`,
        [jti, expiresAt],
      );
      // Expired tokens fail verification anyway; the list only needs the live ones.
      await db.query('DELETE FROM revoked_tokens WHERE expires_at < now()');
    },
    async isRevoked(jti, now = new Date()) {
      const rows = await db.query('SELECT 1 FROM revoked_tokens WHERE jti = $1 AND expires_at > $2', [jti, now]);
      return rows.length > 0;
    },
    close: () => db.close(),
  };
}

function toActivity(row: ActivityRow): Activity {
  return {
    uuid: row.uuid,
    display_name: row.display_name,
    handle: row.handle,
    message: row.message,
    created_at: new Date(row.created_at).toISOString(),
    expires_at: new Date(row.expires_at).toISOString(),
    likes_count: Number(row.likes_count),
    replies_count: Number(row.replies_count),
    reposts_count: Number(row.reposts_count),
  };
}

/** Rows arrive newest first; replies are attached to their parent, oldest reply first. */
function nest(rows: ActivityRow[]): Activity[] {
  const top: Activity[] = [];
  const byUuid = new Map<string, Activity>();
  for (const row of rows) {
    if (row.reply_to_uuid !== null) continue;
    const activity = { ...toActivity(row), replies: [] };
    top.push(activity);
    byUuid.set(activity.uuid, activity);
  }
  for (const row of [...rows].reverse()) {
    if (row.reply_to_uuid === null) continue;
    byUuid.get(row.reply_to_uuid)?.replies?.push(toActivity(row));
  }
  return top;
}
