/**
 * The toolbar button has one badge and two things to say: "Continue as" waits (offer-badge.ts, a
 * dot, only while signed out) and how many conversations have new messages (message-badge.ts, a
 * number, only while signed in). Each writes to its own lane here; this module decides what the
 * button shows and writes only when that changes.
 *
 * The offer wins when both have something to say. In practice they never do at once (the count is
 * cleared on sign-out before an offer can be shown), but a worker restart or a slow clearing could
 * overlap them for a moment, and the offer is the one the user can act on only while signed out.
 */
import { plural } from '../shared/i18n.ts';
import type { BadgeAction } from './offer-badge.ts';

/** What the button shows while conversations have new messages. */
export const UNREAD_BADGE = {
  color: '#2563eb',
  /** More than this shows as "99+": the badge holds about four characters. */
  max: 99,
  title: (n: number) => plural('badge_unreadTitle', n),
} as const;

export interface ToolbarBadge {
  /** Handed to createOfferBadge in place of `browser.action`. */
  offerLane: BadgeAction;
  /** The number of conversations with new messages; 0 clears it. */
  showUnread(count: number): Promise<void>;
  /** What the badge shows now (for tests and the e2e). */
  readonly unread: number;
}

export function createToolbarBadge(action: BadgeAction, defaultTitle: string): ToolbarBadge {
  let offerText = '';
  let offerColor = '';
  let offerTitle = defaultTitle;
  let unread = 0;
  let shown: { text: string; color: string; title: string } | null = null;

  const render = async () => {
    const next = offerText
      ? { text: offerText, color: offerColor, title: offerTitle }
      : unread > 0
        ? { text: unread > UNREAD_BADGE.max ? `${UNREAD_BADGE.max}+` : String(unread), color: UNREAD_BADGE.color, title: UNREAD_BADGE.title(unread) }
        : { text: '', color: '', title: defaultTitle };
    if (shown && shown.text === next.text && shown.color === next.color && shown.title === next.title) return;
    shown = next;
    await Promise.all([
      action.setBadgeText({ text: next.text }),
      next.color ? action.setBadgeBackgroundColor({ color: next.color }) : Promise.resolve(),
      action.setTitle({ title: next.title }),
    ]);
  };

  return {
    offerLane: {
      async setBadgeText({ text }) {
        offerText = text;
        await render();
      },
      async setBadgeBackgroundColor({ color }) {
        offerColor = color;
        await render();
      },
      async setTitle({ title }) {
        offerTitle = offerText ? title : defaultTitle;
        await render();
      },
    },
    async showUnread(count) {
      unread = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
      await render();
    },
    get unread() {
      return unread;
    },
  };
}
