/**
 * When the panel shows. Injected by registration it shows only on a configured web-app origin
 * (patterns carry no port, so `http://localhost/*` also matches other local apps: the background
 * says whether this origin is one) and only if the user has not closed it on this site.
 * Injected on demand ("Show feed on this page") it shows anywhere, and forgets a past close.
 * It draws the frame host only (see mount.ts); the frame asks for its height, "minimise"
 * (remembered per site) and "close".
 */
import { FRAME_PARAMS, isFrameMessage } from '../feed/frame-link.ts';
import type { PanelConfig } from '../shared/messages.ts';
import { browser } from '../shared/browser.ts';
import { send } from '../shared/messaging.ts';
import { reportWebSession } from './session-bridge.ts';
import { siteFlag } from './site-flag.ts';
import { mountFrame, type Mounted } from './mount.ts';

export interface PanelHandle {
  /** The popup asked again: show it, even if closed before. */
  reveal(): void;
}

/** The page the frame shows; web-accessible (by a dynamic URL in Chrome), nothing else is. */
export const FEED_PAGE = 'src/feed/index.html';

export function feedFrameUrl(minimised: boolean): string {
  const url = new URL(browser.runtime.getURL(FEED_PAGE));
  url.searchParams.set(FRAME_PARAMS.surface, 'frame');
  if (minimised) url.searchParams.set(FRAME_PARAMS.minimised, '1');
  return url.href;
}

// The height of the header bar alone, while minimised (the frame also reports it).
const MINIMISED_HEIGHT = 52;

export function startPanel(o: { onDemand: boolean; origin?: string }): PanelHandle {
  const origin = o.origin ?? location.origin;
  const closed = siteFlag('panelClosed', origin);
  const minimisedFlag = siteFlag('panelMinimised', origin);
  let mounted: Mounted | null = null;
  let config: PanelConfig | null = null;

  const close = () => {
    if (!mounted) return;
    mounted.remove();
    mounted = null;
    void closed.set(true);
  };
  // Only messages from our own iframe's window count: no page script can post as it.
  const onMessage = (event: MessageEvent) => {
    if (!mounted || event.source !== mounted.frame.contentWindow || !isFrameMessage(event.data)) return;
    const m = event.data;
    if (m.action === 'size') mounted.setHeight(m.height);
    else if (m.action === 'minimise') {
      if (m.minimised) mounted.setHeight(MINIMISED_HEIGHT);
      void minimisedFlag.set(m.minimised);
    } else close();
  };
  addEventListener('message', onMessage);

  const show = async () => {
    if (mounted) return;
    const minimised = await minimisedFlag.isSet();
    if (mounted) return;
    mounted = mountFrame(feedFrameUrl(minimised));
    if (minimised) mounted.setHeight(MINIMISED_HEIGHT);
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
