// The body of `POST /api/messages`, in every shape Cruddur's backends took:
// - `{message, user_receiver_handle}`: the original backend at the end of week 3;
// - `{message, handle}` (a new conversation) or `{message, message_group_uuid}` (a reply in an
//   existing one): its later weeks.
// Codes are the original's, `user_reciever_handle_blank` spelling included (sic: clients switch on it).
import { asRecord, messageText } from './activity.ts';
import { isUuid } from './activity-store.ts';
import { MAX_MESSAGE_CHARS } from '../src/shared/wire-constants.ts';

/** The original's limit for a direct message (services/create_message.py), shared with the extension. */
export const MAX_DM_CHARS = MAX_MESSAGE_CHARS;

export type MessageErrorCode = 'message_blank' | 'message_exceed_max_chars' | 'user_reciever_handle_blank';

export type MessageTarget = { handle: string } | { groupUuid: string };

export type MessageInput =
  | { ok: true; message: string; to: MessageTarget }
  | { ok: false; errors: MessageErrorCode[] };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function validateNewMessage(body: unknown): MessageInput {
  const record = asRecord(body);
  const errors: MessageErrorCode[] = [];
  const { text: message, error } = messageText(record.message, MAX_DM_CHARS);
  if (error) errors.push(error);
  // A leading @ is allowed: clients often keep it on the handle they show.
  const handle = (text(record.user_receiver_handle) || text(record.handle)).replace(/^@/, '');
  const group = text(record.message_group_uuid);
  let to: MessageTarget | null = null;
  if (handle) to = { handle };
  else if (group) to = { groupUuid: isUuid(group) ? group.toLowerCase() : group };
  else errors.push('user_reciever_handle_blank');
  return errors.length > 0 || !to ? { ok: false, errors } : { ok: true, message, to };
}
