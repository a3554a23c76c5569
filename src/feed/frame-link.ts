/**
 * The in-page frame's few words to the content script that drew it (via `postMessage` to the
 * parent window): its natural height, "minimise" and "close". The page sees these messages
 * too, so they carry nothing but layout; the content script accepts them only from its own
 * iframe's window, which no page script can post as.
 */
export const FRAME_MESSAGE_TAG = 'cruddur-feed-frame';

export type FrameRequest = { action: 'size'; height: number } | { action: 'minimise'; minimised: boolean } | { action: 'close' };
export type FrameMessage = FrameRequest & { tag: typeof FRAME_MESSAGE_TAG };

export function isFrameMessage(value: unknown): value is FrameMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { tag?: unknown; action?: unknown; height?: unknown; minimised?: unknown };
  if (m.tag !== FRAME_MESSAGE_TAG) return false;
  if (m.action === 'size') return typeof m.height === 'number' && Number.isFinite(m.height) && m.height >= 0;
  if (m.action === 'minimise') return typeof m.minimised === 'boolean';
  return m.action === 'close';
}

/** The frame's URL parameters, set by the content script. */
export const FRAME_PARAMS = { surface: 'surface', minimised: 'minimised' } as const;
