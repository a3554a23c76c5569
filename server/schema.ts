// The database schema, created and upgraded idempotently at every start. Several API processes
// may start together against one PostgreSQL: the advisory lock serialises them, where two racing
// CREATE TABLE IF NOT EXISTS can otherwise fail on the catalog's unique index.
import { handleKeys, handleProblem } from './handle-rules.ts';
import { isUniqueViolation, type SqlDriver } from './sql-driver.ts';

export const HANDLE_KEY_INDEX = 'users_handle_key_uidx';
export const HANDLE_SHAPE_INDEX = 'users_handle_shape_uidx';

const SCHEMA = `
BEGIN;
SELECT pg_advisory_xact_lock(4567001);
CREATE TABLE IF NOT EXISTS users (
  sub text PRIMARY KEY,
  username text NOT NULL,
  email text NOT NULL DEFAULT '',
  display_name text NOT NULL,
  handle text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Upgrades from the schema before unique handles (2026-12): handles may be absent, and each
-- claimed handle has a unique key (handle-rules.ts); requested_handle is Cognito's value.
ALTER TABLE users ALTER COLUMN handle DROP NOT NULL;
ALTER TABLE users ADD COLUMN IF NOT EXISTS handle_key text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS handle_shape text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS requested_handle text;
DROP INDEX IF EXISTS users_handle_idx;
CREATE UNIQUE INDEX IF NOT EXISTS ${HANDLE_KEY_INDEX} ON users (handle_key);
CREATE UNIQUE INDEX IF NOT EXISTS ${HANDLE_SHAPE_INDEX} ON users (handle_shape);
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
CREATE INDEX IF NOT EXISTS activities_reply_idx ON activities (reply_to_uuid);
CREATE INDEX IF NOT EXISTS activities_user_idx ON activities (user_sub, created_at DESC);
CREATE TABLE IF NOT EXISTS revoked_tokens (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS message_groups (
  uuid uuid PRIMARY KEY,
  created_at timestamptz NOT NULL,
  last_message_uuid uuid,
  last_message_at timestamptz,
  last_sender_sub text
);
CREATE TABLE IF NOT EXISTS message_group_members (
  user_sub text NOT NULL REFERENCES users (sub),
  group_uuid uuid NOT NULL REFERENCES message_groups (uuid),
  other_sub text NOT NULL REFERENCES users (sub),
  read_at timestamptz NOT NULL DEFAULT '-infinity',
  PRIMARY KEY (user_sub, group_uuid)
);
CREATE TABLE IF NOT EXISTS messages (
  uuid uuid PRIMARY KEY,
  group_uuid uuid NOT NULL REFERENCES message_groups (uuid),
  sender_sub text NOT NULL REFERENCES users (sub),
  message text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_group_idx ON messages (group_uuid, created_at DESC);
COMMIT;
`;

export async function createSchema(db: SqlDriver): Promise<void> {
  await db.exec(SCHEMA);
  await keyLegacyHandles(db);
}

/**
 * Rows from before unique handles have a handle but no key. Oldest account first, each keeps its
 * handle if it is valid and nobody holds a look-alike; otherwise it loses it (its cruds are then
 * hidden until it claims another, see README "Handles"). Safe to run in several processes at once:
 * each walks the rows in the same order, and the unique index decides.
 */
async function keyLegacyHandles(db: SqlDriver): Promise<void> {
  const legacy = await db.query<{ sub: string; handle: string }>(
    'SELECT sub, handle FROM users WHERE handle IS NOT NULL AND handle_key IS NULL ORDER BY created_at, sub',
  );
  for (const { sub, handle } of legacy) {
    const drop = () => db.query('UPDATE users SET requested_handle = handle, handle = NULL WHERE sub = $1 AND handle_key IS NULL', [sub]);
    if (handleProblem(handle) !== null) {
      await drop();
      continue;
    }
    try {
      const { key, shape } = handleKeys(handle);
      await db.query(
        'UPDATE users SET handle_key = $2, handle_shape = $3, requested_handle = COALESCE(requested_handle, handle) WHERE sub = $1 AND handle_key IS NULL',
        [sub, key, shape],
      );
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await drop();
    }
  }
}
