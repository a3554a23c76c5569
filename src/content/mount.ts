/**
 * The panel's place in the page: a custom element (page rules written for `div`/`section` do
 * not hit it) holding a CLOSED shadow root, so page scripts cannot read the personal feed out
 * of it and page styles cannot reach in. Styles come in as strings (`?inline`): content-script
 * CSS declared in a manifest would be global to the page.
 */
import theme from '../shared/ui/theme.css?inline';
import styles from './panel.css?inline';

export const HOST_TAG = 'cruddur-companion-panel';

// Inherited page styles (letter-spacing, text-transform…) stop at the host; custom properties
// are not reset by `all`, and the theme sets its own right after.
const RESET = ':host { all: initial; }\n';

// Page rules on the host element beat `:host` rules; inline !important beats page rules.
const HOST_STYLE: [string, string][] = [
  ['position', 'fixed'],
  ['right', '16px'],
  ['bottom', '16px'],
  ['z-index', '2147483647'],
  ['display', 'block'],
];

export interface Mounted {
  container: HTMLElement;
  remove(): void;
}

export function mountHost(doc: Document = document): Mounted {
  // A host left by a previous version of the extension (its script is orphaned) goes first.
  for (const stale of doc.querySelectorAll(HOST_TAG)) stale.remove();
  const host = doc.createElement(HOST_TAG);
  for (const [property, value] of HOST_STYLE) host.style.setProperty(property, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = RESET + theme + styles;
  const container = doc.createElement('div');
  shadow.append(style, container);
  (doc.body ?? doc.documentElement).append(host);
  return { container, remove: () => host.remove() };
}
