// The PostgreSQL store: one object over the schema (schema.ts) and its parts (users, cruds,
// messages, revoked tokens). It runs unchanged on PGlite and on a real PostgreSQL server (see
// sql-driver.ts); store.contract.ts holds the tests both drivers must pass.
import { createActivityStore, type ActivityStore } from './activity-store.ts';
import { createMessageStore, type MessageStore } from './message-store.ts';
import { REVOKED_CHANNEL } from './revocations.ts';
import { createSchema } from './schema.ts';
import type { SqlDriver } from './sql-driver.ts';
import { createUserStore, type UserStore } from './user-store.ts';

export type { NewActivityRow, ListedActivity } from './activity-store.ts';
export type { Message, MessageGroup, Unread } from './message-store.ts';
export type { UserProfile, StoredUser, CognitoProfile, Availability } from './user-store.ts';

export interface Store extends UserStore, ActivityStore, MessageStore {
  /**
   * Remembers a revoked access token (by `jti`) until it would expire anyway, for every API
   * process, and notifies them (revocations.ts mirrors the list in memory).
   */
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  isRevoked(jti: string, now?: Date): Promise<boolean>;
  /** Every revocation still in force: what a process loads into its mirror. */
  liveRevocations(now: Date): Promise<{ jti: string; expiresAt: Date }[]>;
  readonly driver: SqlDriver;
  close(): Promise<void>;
}

export async function createStore(db: SqlDriver): Promise<Store> {
  await createSchema(db);
  const users = createUserStore(db);
  return {
    ...users,
    ...createActivityStore(db, users),
    ...createMessageStore(db),
    async revokeToken(jti, expiresAt) {
      // The notification is sent when this statement commits, so no process hears of a
      // revocation it cannot yet read.
      await db.query(
        `WITH saved AS (
           INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2)
           ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)
           RETURNING jti, expires_at)
         SELECT pg_notify($3, (extract(epoch FROM expires_at) * 1000)::bigint::text || ' ' || jti) FROM saved`,
        [jti, expiresAt, REVOKED_CHANNEL],
      );
      // Expired tokens fail verification anyway; the list only needs the live ones.
      await db.query('DELETE FROM revoked_tokens WHERE expires_at < now()');
    },
    async isRevoked(jti, now = new Date()) {
      const rows = await db.query('SELECT 1 FROM revoked_tokens WHERE jti = $1 AND expires_at > $2', [jti, now]);
      return rows.length > 0;
    },
    async liveRevocations(now) {
      const rows = await db.query<{ jti: string; expires_at: Date | string }>('SELECT jti, expires_at FROM revoked_tokens WHERE expires_at > $1', [now]);
      return rows.map((r) => ({ jti: r.jti, expiresAt: new Date(r.expires_at) }));
    },
    driver: db,
    close: () => db.close(),
  };
}
