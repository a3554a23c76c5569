// Cruds in the shared store: feeds, threads, replies and search. A crud is shown only under the
// handle its author holds now: cruds of an account without a handle are left out everywhere,
// so they can never display as someone else (README "Handles").
import type { Activity } from './activity.ts';
import type { ListedActivity } from '../src/shared/activity.ts';
import type { SqlDriver } from './sql-driver.ts';
import type { UserStore } from './user-store.ts';

export interface NewActivityRow {
  uuid: string;
  userSub: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set for a crud addressed to one user: it shows only to that user. */
  recipientSub?: string | null;
  replyTo?: string | null;
  likesCount?: number;
  repliesCount?: number;
  repostsCount?: number;
}

// A crud as the show and search routes answer it: one definition for both sides.
export type { ListedActivity } from '../src/shared/activity.ts';

export interface ActivityStore {
  /**
   * `keep` leaves an existing row alone (idempotent inserts); `refresh` moves its times, so
   * demo data in a long-lived database never expires.
   */
  putActivity(row: NewActivityRow, ifExists?: 'keep' | 'refresh'): Promise<void>;
  /** Public cruds, plus those addressed to `viewerSub`; newest first, replies nested. */
  homeFeed(viewerSub: string | null, now?: Date): Promise<Activity[]>;
  /** The public cruds of whoever holds `handle` (or a look-alike), or null when nobody does. */
  userFeed(handle: string, now?: Date): Promise<Activity[] | null>;
  /** One crud by uuid, as stored (no visibility rules): what a POST answers. */
  getActivity(uuid: string): Promise<ListedActivity | null>;
  /** One crud the viewer may see, with its replies (oldest first, at most 200); else null. */
  thread(uuid: string, viewerSub: string | null, now?: Date): Promise<ListedActivity | null>;
  /**
   * Adds a reply to a crud the author may see and counts it on the parent, in one statement.
   * The reply keeps the parent's audience and expiry. Null when the parent is not visible.
   */
  putReply(row: { uuid: string; parent: string; userSub: string; message: string; createdAt: Date }): Promise<ListedActivity | null>;
  /** Public cruds whose text, handle or name contains `term` (case-insensitive); newest first, 50 at most. */
  search(term: string, now?: Date): Promise<ListedActivity[]>;
}

const FEED_LIMIT = 100;
const THREAD_LIMIT = 200;
const SEARCH_LIMIT = 50;

const COLUMNS = `a.uuid::text AS uuid, u.display_name, u.handle, a.message, a.created_at, a.expires_at,
  a.likes_count, a.replies_count, a.reposts_count, a.reply_to_uuid::text AS reply_to_uuid`;
/** Authors without a handle are never shown. */
const FROM = 'FROM activities a JOIN users u ON u.sub = a.user_sub AND u.handle IS NOT NULL';
/** `$viewer` may see a crud addressed to nobody, to them, or written by them. */
const VISIBLE_TO = (viewer: string) => `(a.recipient_sub IS NULL OR a.recipient_sub = ${viewer} OR a.user_sub = ${viewer})`;

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

/** `%`, `_` and `\` stand for themselves in a search term. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

export function createActivityStore(db: SqlDriver, users: Pick<UserStore, 'userByHandle'>): ActivityStore {
  // One round trip per feed: the top-level cruds (`top`) and their replies.
  async function feed(where: string, params: unknown[]): Promise<Activity[]> {
    const rows = await db.query<ActivityRow>(
      `WITH top AS (
         SELECT ${COLUMNS} ${FROM}
         WHERE a.reply_to_uuid IS NULL AND a.expires_at > $1 AND ${where}
         ORDER BY a.created_at DESC LIMIT ${FEED_LIMIT})
       SELECT * FROM (SELECT * FROM top) t
       UNION ALL
       SELECT * FROM (SELECT ${COLUMNS} ${FROM}
         WHERE a.reply_to_uuid::text IN (SELECT uuid FROM top)) r
       ORDER BY created_at DESC`,
      params,
    );
    return nest(rows);
  }

  const store: ActivityStore = {
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
      const holder = await users.userByHandle(handle);
      if (!holder) return null;
      return feed('a.recipient_sub IS NULL AND a.user_sub = $2', [now, holder.sub]);
    },
    async getActivity(uuid) {
      if (!isUuid(uuid)) return null;
      const rows = await db.query<ActivityRow>(`SELECT ${COLUMNS} ${FROM} WHERE a.uuid = $1::uuid`, [uuid]);
      return rows[0] ? toListed(rows[0]) : null;
    },
    async thread(uuid, viewerSub, now = new Date()) {
      if (!isUuid(uuid)) return null;
      const rows = await db.query<ActivityRow>(
        `SELECT ${COLUMNS} ${FROM}
         WHERE (a.uuid = $1::uuid OR a.reply_to_uuid = $1::uuid) AND a.expires_at > $2 AND ${VISIBLE_TO('$3')}
         ORDER BY (a.uuid = $1::uuid) DESC, a.created_at ASC LIMIT ${THREAD_LIMIT + 1}`,
        [uuid, now, viewerSub ?? ''],
      );
      const [root, ...replies] = rows;
      if (!root || root.uuid !== uuid.toLowerCase()) return null;
      return { ...toListed(root), replies: replies.map(toActivity) };
    },
    async putReply(r) {
      if (!isUuid(r.parent)) return null;
      // The parent is counted and the reply written in one statement: both or neither.
      const rows = await db.query<{ uuid: string }>(
        `WITH parent AS (
           UPDATE activities p SET replies_count = p.replies_count + 1
           FROM users pu
           WHERE p.uuid = $2::uuid AND pu.sub = p.user_sub AND pu.handle IS NOT NULL AND p.expires_at > $5
             AND (p.recipient_sub IS NULL OR p.recipient_sub = $3 OR p.user_sub = $3)
           RETURNING p.uuid, p.recipient_sub, p.expires_at)
         INSERT INTO activities (uuid, user_sub, message, recipient_sub, reply_to_uuid, created_at, expires_at)
         SELECT $1::uuid, $3, $4, parent.recipient_sub, parent.uuid, $5, parent.expires_at FROM parent
         RETURNING uuid::text AS uuid`,
        [r.uuid, r.parent, r.userSub, r.message, r.createdAt],
      );
      return rows[0] ? store.getActivity(r.uuid) : null;
    },
    async search(term, now = new Date()) {
      const rows = await db.query<ActivityRow>(
        `SELECT ${COLUMNS} ${FROM}
         WHERE a.recipient_sub IS NULL AND a.expires_at > $1
           AND (a.message ILIKE $2 ESCAPE '\\' OR u.handle ILIKE $2 ESCAPE '\\' OR u.display_name ILIKE $2 ESCAPE '\\')
         ORDER BY a.created_at DESC LIMIT ${SEARCH_LIMIT}`,
        [now, likePattern(term)],
      );
      return rows.map(toListed);
    },
  };
  return store;
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

function toListed(row: ActivityRow): ListedActivity {
  return row.reply_to_uuid === null ? toActivity(row) : { ...toActivity(row), reply_to_activity_uuid: row.reply_to_uuid };
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
