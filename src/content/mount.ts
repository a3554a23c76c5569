/**
 * The panel's place in the page: a frame host only. A custom element (page rules written for
 * `div`/`section` do not hit it) holding a CLOSED shadow root with one `<iframe>` of the
 * extension's feed page. The names and the feed live in that iframe, on the extension's own
 * origin: the page cannot read them (not even with `window.find`, which sees into closed
 * shadow roots) nor restyle them. The page can still see and restyle the host element itself
 * (its size and position), which is why nothing in the frame is an auth command.
 *
 * The frame's size is the content script's choice, never the feed's: one fixed height open and
 * one minimised, whoever is signed in and however long their feed (a frame that grew to fit
 * told every page who was signed in and how much they read, even through a resized host).
 */
import { t } from '../shared/i18n.ts';

export const HOST_TAG = 'cruddur-companion-panel';

/** The frame's two heights: open (the viewport permitting) and minimised to its header bar. */
export const FRAME_HEIGHTS = { open: 'min(480px, calc(100vh - 32px))', minimised: '56px' } as const;

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

// eslint-disable-next-line ui-text/from-catalog -- a style sheet, not words
const FRAME_CSS = `
iframe {
  display: block;
  width: 100%;
  height: ${FRAME_HEIGHTS.open};
  border: 0;
  background: transparent;
  color-scheme: normal;
  /* The card's own radius: Chromium may paint an opaque backdrop behind a cross-origin frame. */
  border-radius: 14px;
}`;

export interface Mounted {
  frame: HTMLIFrameElement;
  setMinimised(minimised: boolean): void;
  /** Takes the host out of the page, and the frame out of the host: a page that puts the host back gets an empty box. */
  remove(): void;
}

export function mountFrame(src: string, minimised: boolean, doc: Document = document): Mounted {
  // A host left by a previous version of the extension (its script is orphaned) goes first.
  for (const stale of doc.querySelectorAll(HOST_TAG)) stale.remove();
  const host = doc.createElement(HOST_TAG);
  for (const [property, value] of HOST_STYLE) host.style.setProperty(property, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = FRAME_CSS;
  const frame = doc.createElement('iframe');
  frame.src = src;
  frame.title = t('content_frameTitle');
  // Transparent around the card; the page's color-scheme must not paint a backdrop.
  frame.setAttribute('allowtransparency', 'true');
  const setMinimised = (on: boolean) => frame.style.setProperty('height', on ? FRAME_HEIGHTS.minimised : FRAME_HEIGHTS.open);
  setMinimised(minimised);
  shadow.append(style, frame);
  (doc.body ?? doc.documentElement).append(host);
  return {
    frame,
    setMinimised,
    remove: () => {
      frame.remove();
      host.remove();
    },
  };
}
