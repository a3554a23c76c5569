/**
 * The content script's end of the private port to its feed frame (the handover is described in
 * src/feed/frame-link.ts). On each load of the frame, until it answers `ready`, a new port is
 * offered to the extension's origin only; a load after that is a navigation the page caused
 * (it re-inserted the host, or pointed the frame elsewhere), and the frame is given up: whatever
 * document is in it now is not ours to obey.
 */
import { FRAME_PORT_TAG, isFrameRequest, type FrameRequest, type PortOffer } from '../feed/frame-link.ts';
import { browser } from '../shared/browser.ts';

export interface FrameChannelHandlers {
  /** The frame asked for something ("minimise", "close"). */
  request(request: Exclude<FrameRequest, { action: 'ready' }>): void;
  /** The frame loaded again after it was linked: remove it. */
  navigated(): void;
}

/**
 * The origin the feed page will have in the frame. Chrome serves it by a per-session dynamic URL
 * (`use_dynamic_url`: `chrome-extension://<random GUID>/…`), but the document it loads has the
 * extension's own origin, `chrome-extension://<id>` (seen in Chromium 156), so messages are
 * addressed there. Firefox's URL is the document's origin (`moz-extension://<uuid>`).
 */
export function frameOrigin(src: string, extensionId = browser.runtime.id): string {
  const url = new URL(src);
  return url.protocol === 'chrome-extension:' ? `chrome-extension://${extensionId}` : url.origin;
}

export function linkFrame(frame: HTMLIFrameElement, ticket: string, on: FrameChannelHandlers): void {
  const origin = frameOrigin(frame.src);
  let linked = false;
  let port: MessagePort | null = null;
  frame.addEventListener('load', () => {
    if (linked) {
      port?.close();
      on.navigated();
      return;
    }
    port?.close();
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = (event: MessageEvent) => {
      if (!isFrameRequest(event.data)) return;
      if (event.data.action === 'ready') linked = true;
      else if (linked) on.request(event.data);
    };
    const offer: PortOffer = { tag: FRAME_PORT_TAG, ticket };
    // Addressed to the extension's origin: a frame showing anything else receives nothing.
    frame.contentWindow?.postMessage(offer, origin, [channel.port2]);
  });
}
