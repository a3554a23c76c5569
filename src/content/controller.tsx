/**
 * When the panel shows. Injected by registration it shows only on a configured web-app origin
 * (patterns carry no port, so `http://localhost/*` also matches other local apps: the background
 * says whether this origin is one) and only if the user has not closed it on this site.
 * Injected on demand ("Show feed on this page") it shows anywhere, and forgets a past close.
 * It draws the frame host only (see mount.ts), at sizes of its own choosing; over a private
 * port (frame-channel.ts) the frame asks for "minimise" (remembered per site) and "close".
 * If the frame loads again once linked (the page re-inserted the host or navigated the frame),
 * the panel is removed until the popup asks for it again.
 */
import { FRAME_PARAMS } from '../feed/frame-link.ts';
import type { PanelConfig } from '../shared/messages.ts';
import { browser } from '../shared/browser.ts';
import { send } from '../shared/messaging.ts';
import { linkFrame } from './frame-channel.ts';
import { reportWebSession } from './session-bridge.ts';
import { siteFlag } from './site-flag.ts';
import { mountFrame, type Mounted } from './mount.ts';

export interface PanelHandle {
  /** The popup asked again: show it, even if closed before. */
  reveal(): void;
}

/** The page the frame shows; web-accessible (by a dynamic URL in Chrome), nothing else is. */
export const FEED_PAGE = 'src/feed/index.html';

/** The frame's URL; its fragment is the one-time ticket that lets it show personal data. */
export function feedFrameUrl(minimised: boolean, ticket: string): string {
  const url = new URL(browser.runtime.getURL(FEED_PAGE));
  url.searchParams.set(FRAME_PARAMS.surface, 'frame');
  if (minimised) url.searchParams.set(FRAME_PARAMS.minimised, '1');
  url.hash = ticket;
  return url.href;
}

export function startPanel(o: { onDemand: boolean; origin?: string }): PanelHandle {
  const origin = o.origin ?? location.origin;
  const closed = siteFlag('panelClosed', origin);
  const minimisedFlag = siteFlag('panelMinimised', origin);
  let mounted: Mounted | null = null;
  let config: PanelConfig | null = null;
  let showing: Promise<void> | null = null;

  const drop = () => {
    mounted?.remove();
    mounted = null;
  };
  const close = () => {
    if (!mounted) return;
    drop();
    void closed.set(true);
  };

  const mount = async () => {
    const minimised = await minimisedFlag.isSet();
    const ticket = await send('panel/frame-ticket');
    const panel = mountFrame(feedFrameUrl(minimised, ticket), minimised);
    mounted = panel;
    linkFrame(panel.frame, ticket, {
      request: (m) => {
        if (mounted !== panel) return;
        if (m.action === 'close') return close();
        panel.setMinimised(m.minimised);
        void minimisedFlag.set(m.minimised);
      },
      navigated: () => {
        if (mounted === panel) drop();
      },
    });
  };
  const show = async () => {
    if (mounted) return;
    showing ??= mount().finally(() => (showing = null));
    await showing;
  };
  const showOnDemand = async () => {
    await closed.set(false);
    await show();
  };

  const started = (async () => {
    if (o.onDemand) return showOnDemand();
    config = await send('panel/config');
    // On the web app's own origin, tell the background about its Cognito session (for our client
    // only): the popup may then offer "Continue as", proven with Cognito. Shown panel or not.
    if (config.webApp && config.clientId) reportWebSession(config.clientId, new AbortController().signal);
    if (config.webApp && !(await closed.isSet())) await show();
  })().catch(() => {
    // The extension is restarting or was removed: stay invisible rather than half-drawn.
  });

  return { reveal: () => void started.then(showOnDemand).catch(() => {}) };
}
