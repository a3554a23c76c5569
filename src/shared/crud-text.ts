/**
 * A crud's text as the API will store it, so the composers count and refuse what the API would:
 * NUL characters dropped, trimmed (JavaScript's `trim`, the server's own: server/activity.ts
 * `messageText`), and counted in code points, so an emoji is one character. Replies are cruds:
 * the same rules and the same limit.
 */

import { plural, t } from './i18n.ts';
import { MAX_CRUD_CHARS } from './wire-constants.ts';

export { MAX_CRUD_CHARS };

/** What the API stores of `message`. */
export const crudText = (message: string) => message.replaceAll('\0', '').trim();

/** Characters as the API counts them: code points of the text it stores. */
export const crudLength = (message: string) => [...crudText(message)].length;

/** What the composers say instead of sending text the API would refuse (read when said, in the browser's language). */
export const CRUD_TEXT_SENTENCES = {
  get blank() {
    return t('ui_crudBlank');
  },
  tooLong: (over: number) => plural('ui_crudTooLong', over, MAX_CRUD_CHARS),
};

/** Why `message` cannot be sent as it is, or null when it can. */
export function crudTextProblem(message: string): string | null {
  const length = crudLength(message);
  if (length === 0) return CRUD_TEXT_SENTENCES.blank;
  return length > MAX_CRUD_CHARS ? CRUD_TEXT_SENTENCES.tooLong(length - MAX_CRUD_CHARS) : null;
}
