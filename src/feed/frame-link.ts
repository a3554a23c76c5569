/**
 * The in-page feed frame and the content script that drew it talk over a private MessagePort,
 * never through the page's window: a message to `parent` reaches every page script too, and its
 * `origin` told every page the extension's origin (Firefox's per-install UUID is a stable
 * cross-site identifier). The port is handed over like this:
 * 1. the content script gets a one-time ticket from the background and puts it in the frame's
 *    URL fragment (the iframe is in a closed shadow root: no page script can read its URL);
 * 2. on the frame's load it posts `{tag, ticket}` and the port to the frame window, addressed to
 *    the extension's origin only (a frame the page navigated elsewhere receives nothing);
 * 3. the frame takes only the port whose ticket matches its own, and answers `ready` on it.
 * A page cannot read or forge this: it never holds the port, and the frame is not even among
 * `window.frames` of the page. What the frame says on it: "minimise", "close", never its size.
 */
export const FRAME_PORT_TAG = 'cruddur-feed-port';

export type FrameRequest = { action: 'ready' } | { action: 'minimise'; minimised: boolean } | { action: 'close' };

export interface PortOffer {
  tag: typeof FRAME_PORT_TAG;
  ticket: string;
}

export function isFrameRequest(value: unknown): value is FrameRequest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { action?: unknown; minimised?: unknown };
  if (m.action === 'minimise') return typeof m.minimised === 'boolean';
  return m.action === 'ready' || m.action === 'close';
}

/** Whether a window message is the content script's port offer for the frame holding `ticket`. */
export function isPortOffer(event: MessageEvent, ticket: string): boolean {
  const m = event.data as Partial<PortOffer> | null;
  return ticket !== '' && typeof m === 'object' && m !== null && m.tag === FRAME_PORT_TAG && m.ticket === ticket && event.ports.length === 1;
}

/** The frame's URL parameters, set by the content script (its ticket is the fragment). */
export const FRAME_PARAMS = { surface: 'surface', minimised: 'minimised' } as const;
