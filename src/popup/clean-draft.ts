/**
 * What you post is what you see: text selected for "Post to Cruddur" (or pasted) can carry
 * characters nobody sees, e.g. a sentence in Unicode tag characters, or a bidi override that
 * shows other words than are sent. They are removed from the draft before it is shown, counted
 * or posted, and the composer says so. Line breaks and tabs stay.
 */
import type { NewCrud } from '../shared/messages.ts';
import { stripHidden } from '../shared/hidden-characters.ts';
import { plural } from '../shared/i18n.ts';

export const VISIBLE_CONTROLS = '\n\t';

export const COMPOSER_TEXT = {
  removed: (n: number) => plural('popup_removedHidden', n),
};

/** The draft as it will be posted, and how many hidden characters were taken out of it. */
export function cleanDraft(draft: NewCrud): { draft: NewCrud; removed: number } {
  const { text, removed } = stripHidden(draft.message, VISIBLE_CONTROLS);
  return { draft: removed > 0 ? { ...draft, message: text } : draft, removed };
}

