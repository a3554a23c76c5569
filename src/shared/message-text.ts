/**
 * A direct message's text as the views check it before sending: NULs out, trimmed, counted in
 * code points, as the API counts (server/message-input.ts). Only pages import this; the worker
 * has the same rules in direct-message.ts (no module is shared only by the worker and a lazy
 * page chunk: issue 15's classic worker build dropped such chunks; a unit test holds the two together).
 */

import { t } from './i18n.ts';
import { MAX_MESSAGE_CHARS } from './wire-constants.ts';

/** The most a message may hold, in code points, as both backends count (server/message-input.ts). */
export { MAX_MESSAGE_CHARS };

/** What the views say instead of sending a message the API would refuse (read when said, in the browser's language). */
export const MESSAGE_TEXT = {
  get blank() {
    return t('ui_messageBlank');
  },
  get tooLong() {
    return t('ui_messageTooLong', MAX_MESSAGE_CHARS);
  },
};

const clean = (message: string): string => message.replaceAll('\0', '').trim();

/** How long the message is as the API counts it. */
export const messageLength = (message: string): number => [...clean(message)].length;

/** Why a message cannot be sent as it is, or null: refused here, before the API is asked. */
export function messageTextProblem(message: string): string | null {
  const length = messageLength(message);
  if (length === 0) return MESSAGE_TEXT.blank;
  if (length > MAX_MESSAGE_CHARS) return MESSAGE_TEXT.tooLong;
  return null;
}
