/**
 * Direct messages, read from either Cruddur backend into one shape (server/README.md, "Shapes"):
 * this repository's API sends `MessageGroup` with `last_message_uuid`, `last_message_from_me`
 * and `unread_count`, and `Message` with `message_group_uuid`; the original backend (week 3)
 * sends groups with only `uuid, display_name, handle, created_at` and messages without a group.
 * As for cruds (activity.ts): a name falls back to the handle, times are read as the backend
 * means them, unknown fields are left out, and an item that is an object is never dropped.
 */
import { readApiTime } from './activity.ts';
import { MAX_MESSAGE_CHARS } from './wire-constants.ts';

/** A conversation in the list: the other member, and the latest message where the backend says. */
export interface Conversation {
  /** The other member's handle (no `@`); '' when the backend sent none (then it cannot be opened). */
  handle: string;
  display_name: string;
  /** The latest message's text; '' where the backend sends none (the original's list). */
  message: string;
  /** ISO 8601, UTC; '' when unreadable. */
  created_at: string;
  /** Messages the user has not read (this API); 0 where unknown. */
  unread_count: number;
  /** Whether the latest message is the user's own (this API); false where unknown. */
  last_message_from_me: boolean;
}

/** One message of a conversation, by whoever sent it. */
export interface DirectMessage {
  uuid: string;
  handle: string;
  display_name: string;
  message: string;
  created_at: string;
}

/** The most a message may hold, in code points, as both backends count (server/message-input.ts). */
export { MAX_MESSAGE_CHARS };

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function time(v: unknown): string {
  const t = typeof v === 'string' ? readApiTime(v) : null;
  return t === null ? '' : new Date(t).toISOString();
}
const handleOf = (v: unknown) => text(v).trim().replace(/^@/, '');

let local = 0;

/** `GET /api/message_groups`' answer; null when it is not a list. */
export function toConversations(raw: unknown): Conversation[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.filter(isRecord).map((g) => {
    const handle = handleOf(g.handle);
    const unread = typeof g.unread_count === 'number' && Number.isFinite(g.unread_count) && g.unread_count > 0 ? Math.floor(g.unread_count) : 0;
    return {
      handle,
      display_name: text(g.display_name).trim() || handle,
      message: text(g.message),
      created_at: time(g.created_at),
      unread_count: unread,
      last_message_from_me: g.last_message_from_me === true,
    };
  });
}

/** One message, from `GET /api/messages/@handle`'s list or `POST /api/messages`' answer; null for a non-object. */
export function toDirectMessage(raw: unknown): DirectMessage | null {
  if (!isRecord(raw)) return null;
  const handle = handleOf(raw.handle);
  return {
    uuid: text(raw.uuid).trim() || `local-message-${++local}`,
    handle,
    display_name: text(raw.display_name).trim() || handle,
    message: text(raw.message),
    created_at: time(raw.created_at),
  };
}

/** A conversation's messages, oldest first as both backends send them; null when it is not a list. */
export function toDirectMessages(raw: unknown): DirectMessage[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.map((m) => toDirectMessage(m)).filter((m): m is DirectMessage => m !== null);
}

/** The text as the API stores it: NULs out, trimmed. */
export const cleanMessage = (message: string): string => message.replaceAll('\0', '').trim();

/**
 * The worker's sentences about a message's text. The views check it with message-text.ts (the
 * same rules, kept apart so no module is shared only by the worker and a lazy page chunk, which
 * a build that bundles the worker on its own may drop); a unit test holds the two together.
 */
export const MESSAGE_TEXT = {
  blank: 'Write something first.',
  tooLong: `A message can be at most ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters.`,
} as const;
