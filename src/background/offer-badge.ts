/**
 * The toolbar button's one mark. It means exactly this: "you are signed in to Cruddur on a site
 * in this browser, and the popup can use that sign-in" ("Continue as", web-session-offers.ts).
 * It is a dot, never a number (a "1" reads as one unread item), its tooltip says what it means,
 * and the welcome page explains it. Nothing else ever sets the badge.
 *
 * The same fact, without anyone's name, goes to `ui:offer-waiting` in storage.local, so the
 * feed page (in-page frame, side panel, sidebar) can point signed-out people to the toolbar
 * button. No name: a page on a web-app origin can plant whatever session it likes, and only the
 * popup shows the identity Cognito vouched for. Written only when it changes (it is on disk).
 */
import { t } from '../shared/i18n.ts';
import type { AreaKV } from '../shared/kv.ts';
import { OFFER_WAITING } from '../shared/offer-waiting.ts';
import { getItem, setItem } from '../shared/storage-keys.ts';

/** What the button shows while an offer waits; the manifest's title otherwise. The title is read from the catalog when shown. */
export const OFFER_BADGE = {
  text: '●',
  color: '#7c3aed',
  get title(): string {
    return t('bg_offerBadgeTitle');
  },
} as const;

/** The part of `browser.action` the badge uses. */
export interface BadgeAction {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

export interface OfferBadgeOptions {
  action: BadgeAction;
  /** The manifest's `action.default_title`, shown when no offer waits. */
  defaultTitle: string;
  /** storage.local: where `ui:offer-waiting` is kept for the feed page. */
  store: AreaKV<'local'>;
  /** Whether an offer waits for a signed-out user now. */
  waiting(): Promise<boolean>;
}

/** Returns `update`: call it whenever the offers or the auth state may have changed. */
export function createOfferBadge(o: OfferBadgeOptions): () => Promise<void> {
  let shown: boolean | undefined;
  return async () => {
    const waiting = await o.waiting();
    if (waiting === shown) return;
    // After a worker start `shown` is unknown: the stored answer (none: no) tells whether to write.
    if ((await getItem(o.store, OFFER_WAITING)) !== waiting) await setItem(o.store, OFFER_WAITING, waiting);
    await Promise.all([
      o.action.setBadgeText({ text: waiting ? OFFER_BADGE.text : '' }),
      waiting ? o.action.setBadgeBackgroundColor({ color: OFFER_BADGE.color }) : Promise.resolve(),
      o.action.setTitle({ title: waiting ? OFFER_BADGE.title : o.defaultTitle }),
    ]);
    shown = waiting;
  };
}
