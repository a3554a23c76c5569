/**
 * The feed page: one extension page for the in-page frame (`?surface=frame`), Chrome's side
 * panel and Firefox's sidebar. It follows the background's auth state over a port, like the
 * popup, but does not hold the session "in use" (PORT_PANEL): an open sidebar is no activity.
 *
 * It shows nothing personal until it knows the extension put it where it is (surface-trust.ts),
 * and in a web page it talks only to the content script that drew it, over a private port
 * (frame-link.ts). It never tells the page its size: the content script sizes the frame.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import { browser } from '../shared/browser.ts';
import { localizeDocument, t } from '../shared/i18n.ts';
import { PORT_PANEL } from '../shared/wire-constants.ts';
import { send } from '../shared/messaging.ts';
import { watchAuthState } from '../shared/state-port.ts';
import '../shared/ui/theme.css';
import './feed.css';
import { FeedPanel, type Surface } from './feed-panel.tsx';
import { FRAME_PARAMS, isPortOffer, type FrameRequest } from './frame-link.ts';
import { openedByPage, trustSurface, UNTRUSTED_TEXT } from './surface-trust.ts';

const params = new URLSearchParams(location.search);
const asked = params.get(FRAME_PARAMS.surface);
// The content script asks for `frame`, Firefox's manifest for `sidebar`; Chrome's side panel
// opens the bare page (crxjs resolves `side_panel.default_path` as a file).
const surface: Surface = asked === 'frame' || asked === 'sidebar' ? asked : 'side-panel';

// The frame's one-time ticket (frame-link.ts), taken out of the URL at once.
const ticket = surface === 'frame' ? location.hash.slice(1) : '';
if (location.hash) history.replaceState(null, '', location.pathname + location.search);

/** The content script's port, once it offers one with our ticket (frames only). */
const toContentScript = new Promise<MessagePort>((resolve) => {
  if (surface !== 'frame') return;
  const take = (event: MessageEvent) => {
    if (!isPortOffer(event, ticket)) return;
    removeEventListener('message', take);
    const [port] = event.ports;
    if (!port) return;
    port.postMessage({ action: 'ready' } satisfies FrameRequest);
    resolve(port);
  };
  addEventListener('message', take);
});
const tell = (request: FrameRequest) => void toContentScript.then((port) => port.postMessage(request));

const trusted = trustSurface(surface, ticket, {
  claim: (t) => send('panel/frame-claim', { ticket: t }),
  topLevel: window.top === window,
  openedByPage: openedByPage(),
  openerTab: location.protocol === 'moz-extension:' ? async () => (await browser.tabs.getCurrent())?.openerTabId : undefined,
});

/** What a copy of this page that the extension did not place shows: nobody's name, no feed. */
function Untrusted() {
  return (
    <section class={`panel panel--${surface}`} aria-label={UNTRUSTED_TEXT.title} data-testid="panel" data-state="untrusted">
      <header class="panel__header">
        {/* eslint-disable-next-line ui-text/from-catalog -- the logo's letter, hidden from screen readers */}
        <span class="panel__mark" aria-hidden="true">
          C
        </span>
        <div class="panel__who">
          <span class="panel__name">{UNTRUSTED_TEXT.title}</span>
        </div>
      </header>
      <p class="panel__lead panel__untrusted" data-testid="panel-untrusted">
        {UNTRUSTED_TEXT.lead}
      </p>
    </section>
  );
}

function Panel() {
  const [state, setState] = useState<AuthState | null>(null);
  const [minimised, setMinimised] = useState(params.get(FRAME_PARAMS.minimised) === '1');

  useEffect(() => {
    const stop = new AbortController();
    watchAuthState({ name: PORT_PANEL, onState: setState, delaysMs: [500, 2000, 5000, 15_000], signal: stop.signal });
    return () => stop.abort();
  }, []);

  return (
    <FeedPanel
      state={state}
      surface={surface}
      minimised={minimised}
      onMinimise={(next) => {
        setMinimised(next);
        tell({ action: 'minimise', minimised: next });
      }}
      onSignIn={() => send('panel/open-sign-in')}
      onClose={() => tell({ action: 'close' })}
    />
  );
}

function App() {
  const [ours, setOurs] = useState<boolean | null>(null);
  useEffect(() => void trusted.then(setOurs), []);
  if (ours === null) return null;
  return ours ? <Panel /> : <Untrusted />;
}

document.documentElement.classList.add(`surface--${surface}`);
// A frame whose color-scheme differs from its page's gets an opaque backdrop in Chromium; the
// frame's document stays `normal` (like most pages) so only the card is painted.
if (surface === 'frame') document.documentElement.style.setProperty('color-scheme', 'normal');
// The page's language, direction and title before its first render (index.html's are English).
localizeDocument();
document.title = t('feed_pageTitle');
const app = document.getElementById('app');
if (app) render(<App />, app);
