/**
 * Whether this copy of the feed page may show the user's name and feed. The page is
 * web-accessible, so copies of it can be made by others: any site that knows its URL (Firefox:
 * `moz-extension://<per-install uuid>/…`, stable and, before issue 20, told to every page) can
 * frame it, with any `?surface=` and any fragment, or open it in a tab. Personal data is shown
 * only where the extension itself put the page:
 * - `frame`: the background confirms the ticket in its fragment, issued to our content script
 *   and claimable once (background/frame-tickets.ts);
 * - the side panel, the sidebar (and a tab the user opened on it): a top-level document that no
 *   web page opened. A page that opens it with `window.open` keeps a handle through `opener`, or
 *   sends a referrer; Firefox cuts both when a web page opens a `moz-extension:` page (the handle
 *   reads `closed`, the tab has no referrer), so there the tab's `openerTabId` tells: set for a
 *   tab opened from another tab's page, absent for one the user or the browser opened. Chrome
 *   sets `openerTabId` on every new tab (the one that was active), but no page can open the feed
 *   page there: Chrome serves it only by a per-session dynamic URL.
 * Anything else gets the neutral card, which names nobody, and asks the background nothing.
 */
import { t } from '../shared/i18n.ts';
import type { Surface } from './feed-panel.tsx';

export interface TrustDeps {
  /** Asks the background to spend the frame's ticket. */
  claim(ticket: string): Promise<boolean>;
  /** `window.top === window`. */
  topLevel: boolean;
  /** `window.opener !== null`, or `document.referrer` of another origin. */
  openedByPage: boolean;
  /** Firefox: the `openerTabId` of the tab this page is the top of (undefined outside a tab). */
  openerTab?: () => Promise<number | undefined>;
}

/** Whether this document was opened, or navigated to, from a web page (see above). */
export function openedByPage(opener: unknown = window.opener, referrer = document.referrer, own = location.origin): boolean {
  return opener !== null || (referrer !== '' && !referrer.startsWith(`${own}/`));
}

export async function trustSurface(surface: Surface, ticket: string, d: TrustDeps): Promise<boolean> {
  if (surface === 'frame') return ticket !== '' && (await d.claim(ticket).catch(() => false));
  // A frame of some page that says it is the sidebar, or a tab a page opened on it.
  if (!d.topLevel || d.openedByPage) return false;
  return (await d.openerTab?.().catch(() => -1)) === undefined;
}

/** The neutral card's words, in the browser's language. */
export const UNTRUSTED_TEXT = {
  get title() {
    return t('extShortName');
  },
  get lead() {
    return t('feed_untrustedLead');
  },
};
