/**
 * The panel's place in the page: a frame host only. A custom element (page rules written for
 * `div`/`section` do not hit it) holding a CLOSED shadow root with one `<iframe>` of the
 * extension's feed page. The names and the feed live in that iframe, on the extension's own
 * origin: the page cannot read them (not even with `window.find`, which sees into closed
 * shadow roots) nor restyle them. The page can still see and restyle the host element itself
 * (its size and position), which is why nothing in the frame is an auth command.
 */
export const HOST_TAG = 'cruddur-companion-panel';

/** The frame's height before it reports its own, and when minimised to its header. */
export const INITIAL_HEIGHT = 120;

// Page rules on the host element beat `:host` rules; inline !important beats page rules.
const HOST_STYLE: [string, string][] = [
  ['all', 'initial'],
  ['position', 'fixed'],
  ['right', '16px'],
  ['bottom', '16px'],
  ['z-index', '2147483647'],
  ['display', 'block'],
  ['width', '360px'],
  ['max-width', 'calc(100vw - 32px)'],
];

const FRAME_CSS = `
iframe {
  display: block;
  width: 100%;
  height: ${INITIAL_HEIGHT}px;
  max-height: min(600px, calc(100vh - 32px));
  border: 0;
  background: transparent;
  color-scheme: normal;
  /* The card's own radius: Chromium may paint an opaque backdrop behind a cross-origin frame. */
  border-radius: 14px;
}`;

export interface Mounted {
  frame: HTMLIFrameElement;
  /** The frame's height in CSS pixels (capped by the viewport in CSS). */
  setHeight(px: number): void;
  remove(): void;
}

export function mountFrame(src: string, doc: Document = document): Mounted {
  // A host left by a previous version of the extension (its script is orphaned) goes first.
  for (const stale of doc.querySelectorAll(HOST_TAG)) stale.remove();
  const host = doc.createElement(HOST_TAG);
  for (const [property, value] of HOST_STYLE) host.style.setProperty(property, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = FRAME_CSS;
  const frame = doc.createElement('iframe');
  frame.src = src;
  frame.title = 'Cruddur feed';
  // Transparent around the card; the page's color-scheme must not paint a backdrop.
  frame.setAttribute('allowtransparency', 'true');
  shadow.append(style, frame);
  (doc.body ?? doc.documentElement).append(host);
  return {
    frame,
    setHeight: (px) => frame.style.setProperty('height', `${Math.max(0, Math.round(px))}px`),
    remove: () => host.remove(),
  };
}
