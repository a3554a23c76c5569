/**
 * Where the signed-in popup is beyond home: a stack of places (a crud with its replies, a user's
 * profile, search), as pure functions so the navigation is tested without a browser. Home is the
 * empty stack; Back pops one place. A place keeps what the user did there (a search term), so
 * coming back to it shows the same thing.
 */
import type { Activity } from '../activity.ts';
import { t } from '../i18n.ts';

export type Place =
  | { kind: 'thread'; uuid: string; /** The crud as the list showed it: drawn at once while the thread loads. */ shown?: Activity }
  | { kind: 'profile'; handle: string }
  | { kind: 'search'; term: string }
  | { kind: 'messages' }
  | { kind: 'conversation'; handle: string; /** The name the list showed, for the title while it loads. */ name?: string };

/** How many places Back walks through; deeper, the oldest are forgotten (home is always there). */
export const MAX_PLACES = 8;

const same = (a: Place, b: Place) =>
  a.kind === b.kind &&
  ((a.kind === 'thread' && b.kind === 'thread' && a.uuid === b.uuid) ||
    (a.kind === 'profile' && b.kind === 'profile' && a.handle.toLowerCase() === b.handle.toLowerCase()) ||
    a.kind === 'search' ||
    a.kind === 'messages' ||
    (a.kind === 'conversation' && b.kind === 'conversation' && a.handle.toLowerCase() === b.handle.toLowerCase()));

/** Goes to `place`; opening where the user already is changes nothing. */
export function push(stack: readonly Place[], place: Place): Place[] {
  const top = stack.at(-1);
  if (top && same(top, place)) return [...stack];
  return [...stack, place].slice(-MAX_PLACES);
}

/** Back one place (from the first one, home). */
export const pop = (stack: readonly Place[]): Place[] => stack.slice(0, -1);

/** The place on top, updated (a search that was run): Back then returns to it as it was left. */
export function replaceTop(stack: readonly Place[], place: Place): Place[] {
  return stack.length === 0 ? [place] : [...stack.slice(0, -1), place];
}

/** Where Back goes, in words, for its accessible name. */
export function backLabel(stack: readonly Place[]): string {
  const below = stack.at(-2);
  if (!below) return t('ui_backToHome');
  if (below.kind === 'thread') return t('ui_backToCrud');
  if (below.kind === 'profile') return t('ui_backToProfile', below.handle);
  if (below.kind === 'messages') return t('ui_backToMessages');
  if (below.kind === 'conversation') return t('ui_backToConversation', below.handle);
  return t('ui_backToSearch');
}
