/**
 * "Post to Cruddur" on selected text: the selection becomes the composer's draft, then the
 * popup opens on it. `action.openPopup()` works from this click in Chrome (127+) and Firefox
 * (a menu click is a user action there); where it throws, the popup page opens in a small
 * window of its own instead.
 */
import { t } from '../shared/i18n.ts';
import type { NewCrud } from '../shared/messages.ts';

export const POST_MENU_ID = 'cruddur-post-selection';
/** The composer's default expiry, as on Cruddur. */
export const DEFAULT_TTL: NewCrud['ttl'] = '7-days';

export interface PostMenuDeps {
  menus: {
    removeAll(): Promise<void>;
    create(props: { id: string; title: string; contexts: ['selection'] }): unknown;
  };
  /** Saves the composer draft. */
  saveDraft(draft: NewCrud): Promise<void>;
  openPopup(): Promise<void>;
  /** The fallback: the popup page in a popup-sized window. */
  openWindow(): Promise<void>;
}

/** Registers the menu item; safe on every start (menus persist in Chrome, not in every browser). */
export async function registerPostMenu(d: Pick<PostMenuDeps, 'menus'>): Promise<void> {
  await d.menus.removeAll();
  d.menus.create({ id: POST_MENU_ID, title: t('bg_postToCruddur'), contexts: ['selection'] });
}

/** The menu click: selection → draft → composer. Other menu items are not ours. */
export async function onPostMenuClicked(d: Omit<PostMenuDeps, 'menus'>, info: { menuItemId: string | number; selectionText?: string }): Promise<boolean> {
  if (info.menuItemId !== POST_MENU_ID) return false;
  // No await before openPopup: Firefox allows it only while the click is still being handled.
  // Storage writes are applied in order, so the popup's first read finds the new draft.
  const saved = d.saveDraft({ message: (info.selectionText ?? '').trim(), ttl: DEFAULT_TTL });
  const opened = d.openPopup().catch(() => d.openWindow());
  await Promise.all([saved, opened]);
  return true;
}
