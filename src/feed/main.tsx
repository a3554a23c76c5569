/**
 * The feed page: one extension page for the in-page frame (`?surface=frame`), Chrome's side
 * panel and Firefox's sidebar. It follows the background's auth state over a port, like the
 * popup, but does not hold the session "in use" (PORT_PANEL): an open sidebar is no activity.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import { PORT_PANEL } from '../shared/wire-constants.ts';
import { send } from '../shared/messaging.ts';
import { watchAuthState } from '../shared/state-port.ts';
import '../shared/ui/theme.css';
import './feed.css';
import { FeedPanel, type Surface } from './feed-panel.tsx';
import { FRAME_MESSAGE_TAG, FRAME_PARAMS, type FrameRequest } from './frame-link.ts';

const params = new URLSearchParams(location.search);
const asked = params.get(FRAME_PARAMS.surface);
// The content script asks for `frame`, Firefox's manifest for `sidebar`; Chrome's side panel
// opens the bare page (crxjs resolves `side_panel.default_path` as a file).
const surface: Surface = asked === 'frame' || asked === 'sidebar' ? asked : 'side-panel';

const toParent = (message: FrameRequest) => {
  // The parent is the web page: layout only, no names or feed text (see frame-link.ts).
  if (surface === 'frame') parent.postMessage({ tag: FRAME_MESSAGE_TAG, ...message }, '*');
};

/** The card's natural height, with the feed unclipped: what the frame should grow to. */
function naturalHeight(panel: HTMLElement): number {
  const feed = panel.querySelector<HTMLElement>('.panel__feed');
  const clipped = feed ? feed.scrollHeight - feed.clientHeight : 0;
  return Math.ceil(panel.getBoundingClientRect().height + clipped);
}

function App() {
  const [state, setState] = useState<AuthState | null>(null);
  const [minimised, setMinimised] = useState(params.get(FRAME_PARAMS.minimised) === '1');
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const stop = new AbortController();
    watchAuthState({ name: PORT_PANEL, onState: setState, delaysMs: [500, 2000, 5000, 15_000], signal: stop.signal });
    return () => stop.abort();
  }, []);

  useEffect(() => {
    if (surface !== 'frame' || !root.current) return undefined;
    let last = -1;
    const report = () => {
      const panel = root.current?.querySelector<HTMLElement>('.panel');
      const height = panel ? naturalHeight(panel) : 0;
      if (height !== last) toParent({ action: 'size', height: (last = height) });
    };
    // Size changes come from layout (the card) and content (cruds arriving, notices).
    const resize = new ResizeObserver(report);
    const mutate = new MutationObserver(report);
    resize.observe(root.current);
    mutate.observe(root.current, { childList: true, subtree: true, characterData: true });
    report();
    return () => {
      resize.disconnect();
      mutate.disconnect();
    };
  }, []);

  return (
    <div ref={root}>
      <FeedPanel
        state={state}
        surface={surface}
        minimised={minimised}
        onMinimise={(next) => {
          setMinimised(next);
          toParent({ action: 'minimise', minimised: next });
        }}
        onSignIn={() => send('panel/open-sign-in')}
        onClose={() => toParent({ action: 'close' })}
      />
    </div>
  );
}

document.documentElement.classList.add(`surface--${surface}`);
// A frame whose color-scheme differs from its page's gets an opaque backdrop in Chromium; the
// frame's document stays `normal` (like most pages) so only the card is painted.
if (surface === 'frame') document.documentElement.style.setProperty('color-scheme', 'normal');
const app = document.getElementById('app');
if (app) render(<App />, app);
