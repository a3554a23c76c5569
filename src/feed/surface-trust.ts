/**
 * Whether this copy of the feed page may show the user's name and feed. The page is
 * web-accessible, so copies of it can be made by others: any site that knows its URL (Firefox:
 * `moz-extension://<per-install uuid>/…`, stable and, before issue 20, told to every page) can
 * frame it, with any `?surface=` and any fragment, or open it in a tab. Personal data is shown
 * only where the extension itself put the page:
 * - `frame`: the background confirms the ticket in its fragment, issued to our content script
 *   and claimable once (background/frame-tickets.ts);
 * - the side panel and the sidebar: a top-level document outside any tab;
 * - a tab of its own nobody opened from a web page (no `openerTabId`; a tab the user or a test
 *   opened, not one a site's `window.open` made).
 * Anything else gets the neutral card, which names nobody, and asks the background nothing.
 */
import type { Surface } from './feed-panel.tsx';

export interface TrustDeps {
  /** Asks the background to spend the frame's ticket. */
  claim(ticket: string): Promise<boolean>;
  /** `browser.tabs.getCurrent`, where this context has it. */
  currentTab?: () => Promise<{ openerTabId?: number } | undefined>;
  /** `window.top === window`. */
  topLevel: boolean;
}

export async function trustSurface(surface: Surface, ticket: string, d: TrustDeps): Promise<boolean> {
  if (surface === 'frame') return ticket !== '' && (await d.claim(ticket).catch(() => false));
  // A frame of some page that says it is the sidebar.
  if (!d.topLevel || !d.currentTab) return false;
  const tab = await d.currentTab().catch(() => null);
  if (tab === null) return false;
  return tab === undefined || tab.openerTabId === undefined;
}

/** The neutral card's words. */
export const UNTRUSTED_TEXT = {
  title: 'Cruddur',
  lead: 'Open Cruddur from its button in the browser toolbar.',
};
