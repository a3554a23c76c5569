// Direct messages in the shared store. A conversation (message group) is between two accounts;
// each member has a row in `message_group_members` with a read mark, so "which conversations
// have news for me" is one indexed query (the toolbar badge's GET). Only members can read a
// conversation: every query starts from the caller's own membership rows.
import { stableUuid } from './seed.ts';
import type { SqlDriver } from './sql-driver.ts';

/** One conversation, as `GET /api/message_groups` lists it (README "Messages"). */
export interface MessageGroup {
  uuid: string;
  /** The other member. */
  display_name: string;
  handle: string;
  /** The latest message's text and time, or the conversation's creation time when it has none. */
  message: string;
  created_at: string;
  last_message_uuid: string | null;
  /** The latest message is the caller's own. */
  last_message_from_me: boolean;
  /** Messages from the other member after the caller's read mark. */
  unread_count: number;
}

/** One message, as `GET /api/messages/@handle` and `POST /api/messages` answer it. */
export interface Message {
  uuid: string;
  message_group_uuid: string;
  /** The sender. */
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
}

export interface Unread {
  /** Conversations whose latest message arrived after the caller last read them. */
  unread_conversations: number;
  /** The newest of those messages (for a client that also remembers when it last looked). */
  newest_unread_at: string | null;
  newest_unread_uuid: string | null;
}

export interface MessageStore {
  /** The conversation between two accounts: one id per pair, whichever of them starts it. */
  groupOf(a: string, b: string): string;
  messageGroups(sub: string): Promise<MessageGroup[]>;
  /** The latest `limit` messages, oldest first, and moves the caller's read mark to the newest; null unless `sub` is a member. */
  readConversation(sub: string, groupUuid: string, limit?: number): Promise<Message[] | null>;
  /** The other member of a conversation `sub` belongs to, or null. */
  otherMember(sub: string, groupUuid: string): Promise<string | null>;
  /** Writes a message (creating the conversation on first use); the sender has read up to it. */
  sendMessage(m: { uuid: string; senderSub: string; recipientSub: string; message: string; createdAt: Date }): Promise<Message>;
  unread(sub: string): Promise<Unread>;
}

const MESSAGE_LIMIT = 100;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function createMessageStore(db: SqlDriver): MessageStore {
  const groupOf = (a: string, b: string) => stableUuid(`message-group:${[a, b].sort().join('\n')}`);

  async function messagesOf(where: string, params: unknown[]): Promise<Message[]> {
    const rows = await db.query<Omit<Message, 'created_at'> & { created_at: Date | string }>(
      `SELECT m.uuid::text AS uuid, m.group_uuid::text AS message_group_uuid, u.display_name, u.handle, m.message, m.created_at
       FROM messages m JOIN users u ON u.sub = m.sender_sub AND u.handle IS NOT NULL
       WHERE ${where}`,
      params,
    );
    return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
  }

  const store: MessageStore = {
    groupOf,
    async messageGroups(sub) {
      const rows = await db.query<{
        uuid: string; display_name: string; handle: string; message: string | null; created_at: Date | string;
        last_message_uuid: string | null; last_sender_sub: string | null; unread_count: number | string;
      }>(
        `SELECT g.uuid::text AS uuid, o.display_name, o.handle, last.message,
           COALESCE(g.last_message_at, g.created_at) AS created_at, g.last_message_uuid::text AS last_message_uuid,
           g.last_sender_sub,
           (SELECT count(*) FROM messages x WHERE x.group_uuid = g.uuid AND x.sender_sub <> $1 AND x.created_at > me.read_at) AS unread_count
         FROM message_group_members me
         JOIN message_groups g ON g.uuid = me.group_uuid
         JOIN users o ON o.sub = me.other_sub AND o.handle IS NOT NULL
         LEFT JOIN messages last ON last.uuid = g.last_message_uuid
         WHERE me.user_sub = $1
         ORDER BY COALESCE(g.last_message_at, g.created_at) DESC`,
        [sub],
      );
      return rows.map((r) => ({
        uuid: r.uuid, display_name: r.display_name, handle: r.handle, message: r.message ?? '',
        created_at: new Date(r.created_at).toISOString(), last_message_uuid: r.last_message_uuid,
        last_message_from_me: r.last_sender_sub === sub, unread_count: Number(r.unread_count),
      }));
    },
    async readConversation(sub, groupUuid, limit = MESSAGE_LIMIT) {
      if ((await store.otherMember(sub, groupUuid)) === null) return null;
      const newestFirst = await messagesOf(
        `m.group_uuid = $1::uuid ORDER BY m.created_at DESC, m.uuid DESC LIMIT ${Math.max(1, Math.min(limit, MESSAGE_LIMIT))}`,
        [groupUuid],
      );
      const newest = newestFirst[0];
      if (newest) {
        await db.query(
          'UPDATE message_group_members SET read_at = GREATEST(read_at, $3) WHERE user_sub = $1 AND group_uuid = $2::uuid',
          [sub, groupUuid, newest.created_at],
        );
      }
      return newestFirst.reverse();
    },
    async otherMember(sub, groupUuid) {
      const rows = await db.query<{ other_sub: string }>(
        'SELECT other_sub FROM message_group_members WHERE user_sub = $1 AND group_uuid = $2::uuid',
        [sub, groupUuid],
      );
      return rows[0]?.other_sub ?? null;
    },
    async sendMessage(m) {
      const group = groupOf(m.senderSub, m.recipientSub);
      // Idempotent: the first message of a pair creates the conversation and both memberships.
      await db.query('INSERT INTO message_groups (uuid, created_at) VALUES ($1, $2) ON CONFLICT (uuid) DO NOTHING', [group, m.createdAt]);
      await db.query(
        `INSERT INTO message_group_members (user_sub, group_uuid, other_sub) VALUES ($1, $3, $2), ($2, $3, $1)
         ON CONFLICT (user_sub, group_uuid) DO NOTHING`,
        [m.senderSub, m.recipientSub, group],
      );
      // The message, the conversation's latest-message pointer and the sender's read mark: one statement.
      await db.query(
        `WITH msg AS (
           INSERT INTO messages (uuid, group_uuid, sender_sub, message, created_at) VALUES ($1, $2, $3, $4, $5)
           RETURNING uuid, group_uuid, sender_sub, created_at),
         latest AS (
           UPDATE message_groups g SET last_message_uuid = msg.uuid, last_message_at = msg.created_at, last_sender_sub = msg.sender_sub
           FROM msg WHERE g.uuid = msg.group_uuid AND (g.last_message_at IS NULL OR g.last_message_at <= msg.created_at)
           RETURNING g.uuid)
         UPDATE message_group_members r SET read_at = GREATEST(r.read_at, msg.created_at)
         FROM msg WHERE r.user_sub = msg.sender_sub AND r.group_uuid = msg.group_uuid`,
        [m.uuid, group, m.senderSub, m.message, m.createdAt],
      );
      const [message] = await messagesOf('m.uuid = $1::uuid', [m.uuid]);
      if (!message) throw new Error('sendMessage: the message was not stored');
      return message;
    },
    async unread(sub) {
      const rows = await db.query<{ n: number | string; newest_at: Date | string | null; newest_uuid: string | null }>(
        `SELECT count(*) AS n, max(g.last_message_at) AS newest_at,
           (array_agg(g.last_message_uuid::text ORDER BY g.last_message_at DESC))[1] AS newest_uuid
         FROM message_group_members me JOIN message_groups g ON g.uuid = me.group_uuid
         WHERE me.user_sub = $1 AND g.last_message_at > me.read_at`,
        [sub],
      );
      const row = rows[0];
      return { unread_conversations: Number(row?.n ?? 0), newest_unread_at: iso(row?.newest_at ?? null), newest_unread_uuid: row?.newest_uuid ?? null };
    },
  };
  return store;
}
