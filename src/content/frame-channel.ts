/**
 * The content script's end of the private port to its feed frame (the handover is described in
 * src/feed/frame-link.ts). On each load of the frame, until it answers `ready`, a new port is
 * offered to the extension's origin only; a load after that is a navigation the page caused
 * (it re-inserted the host, or pointed the frame elsewhere), and the frame is given up: whatever
 * document is in it now is not ours to obey.
 */
import { FRAME_PORT_TAG, isFrameRequest, type FrameRequest, type PortOffer } from '../feed/frame-link.ts';

export interface FrameChannelHandlers {
  /** The frame asked for something ("minimise", "close"). */
  request(request: Exclude<FrameRequest, { action: 'ready' }>): void;
  /** The frame loaded again after it was linked: remove it. */
  navigated(): void;
}

export function linkFrame(frame: HTMLIFrameElement, ticket: string, on: FrameChannelHandlers): void {
  const origin = new URL(frame.src).origin;
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
