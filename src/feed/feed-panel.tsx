/**
 * The feed, as the extension's own page shows it in a web page's frame, Chrome's side panel and
 * Firefox's sidebar: the signed-in user's feed, or the public feed with "Sign in". It renders
 * data and an auth state only; it never holds a token, and it offers no auth command: in a
 * frame, the page around it can restyle or cover it, so a click here must be harmless ("Sign
 * in" opens the popup, where the user acts).
 *
 * When the web app in this browser holds a sign-in the popup can continue with ("Continue as"),
 * the signed-out panel says so and points to the toolbar button, naming nobody: a page on a
 * web-app origin can plant any session it likes, and only the popup shows who Cognito vouched
 * for (src/background/offer-badge.ts).
 *
 * The page is a document of its own (side panel, sidebar, frame): one `main` landmark, one h1
 * (who is signed in, or "Cruddur"), and a feed the keyboard can reach and scroll.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { FeedList } from '../shared/ui/feed-list.tsx';
import { RefreshButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';
import { useHomeFeed } from '../shared/ui/use-home-feed.ts';
import { useOfferWaiting } from './use-offer-waiting.ts';

export const PANEL_SENTENCES = {
  signIn: 'Sign in to see your own feed here.',
  offerWaiting: 'You are signed in to Cruddur on a site in this browser. To use that sign-in here, click the Cruddur Companion button in the toolbar.',
} as const;

/** Where the page is shown: only the in-page frame can be minimised or closed. */
export type Surface = 'frame' | 'side-panel' | 'sidebar';

export interface FeedPanelProps {
  /** null until the background answered. */
  state: AuthState | null;
  surface: Surface;
  minimised: boolean;
  onMinimise: (minimised: boolean) => void;
  onSignIn: () => Promise<void>;
  onClose: () => void;
}

export function FeedPanel({ state, surface, minimised, onMinimise, onSignIn, onClose }: FeedPanelProps) {
  const signedIn = state?.status === 'signed-in' ? state : null;
  const userKey = state === null ? null : (signedIn?.user.sub ?? 'public');
  const feed = useHomeFeed(userKey);
  const signIn = useAction(onSignIn);
  const offerWaiting = useOfferWaiting();
  const framed = surface === 'frame';
  const listName = signedIn ? 'Your feed' : 'Public feed';

  return (
    <main
      class={`panel panel--${surface}${minimised ? ' panel--minimised' : ''}`}
      aria-labelledby="panel-title"
      data-testid="panel"
      data-state={state?.status ?? 'loading'}
      data-minimised={minimised}
    >
      <header class="panel__header">
        <span class="panel__mark" aria-hidden="true">
          C
        </span>
        <div class="panel__who">
          {signedIn ? (
            <>
              <h1 class="panel__name" id="panel-title" data-testid="panel-user-name">
                {signedIn.user.name || signedIn.user.email}
              </h1>
              <span class="panel__handle" data-testid="panel-user-handle">
                @{signedIn.user.handle}
              </span>
            </>
          ) : (
            <>
              <h1 class="panel__name" id="panel-title">
                Cruddur
              </h1>
              <span class="panel__handle">{state ? 'Signed out' : 'Connecting…'}</span>
            </>
          )}
        </div>
        {signedIn?.offline && (
          <span class="panel__badge" role="status">
            Offline
          </span>
        )}
        {!minimised && <RefreshButton refreshing={feed.refreshing} onRefresh={feed.reload} testId="panel-refresh" />}
        {framed && (
          <button
            type="button"
            class="icon-btn"
            onClick={() => onMinimise(!minimised)}
            aria-label={minimised ? 'Expand the Cruddur panel' : 'Minimise the Cruddur panel'}
            aria-expanded={!minimised}
            title={minimised ? 'Expand' : 'Minimise'}
            data-testid="panel-minimise"
          >
            <span aria-hidden="true">{minimised ? '▴' : '▾'}</span>
          </button>
        )}
        {framed && (
          <button type="button" class="icon-btn" onClick={onClose} aria-label="Close the Cruddur panel" title="Close" data-testid="panel-close">
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>

      {!minimised && state?.status === 'signed-out' && (
        <div class="panel__signed-out" data-testid="panel-signed-out">
          <p class="panel__lead" data-testid="panel-lead" data-offer-waiting={offerWaiting}>
            {offerWaiting ? PANEL_SENTENCES.offerWaiting : PANEL_SENTENCES.signIn}
          </p>
          <div class="panel__actions">
            <button type="button" class="btn btn--primary" onClick={() => void signIn.run()} disabled={signIn.pending} data-testid="panel-sign-in">
              Sign in
            </button>
          </div>
          <ErrorAlert message={signIn.error?.message} testId="panel-error" />
        </div>
      )}

      {!minimised && (
        <>
          <h2 class="panel__list-name" id="panel-list-name" data-testid="panel-list-name">
            {listName}
          </h2>
          {/* A scroll region the keyboard can reach (and scroll with the arrow keys). */}
          <div
            class="panel__feed"
            tabIndex={0}
            role="region"
            aria-labelledby="panel-list-name"
            data-testid="panel-feed"
            data-personalised={feed.personalised}
            aria-busy={feed.refreshing}
          >
            {/* Until the background answers, the feed is 'loading' (the hook waits): the skeleton shows. */}
            <FeedList feed={feed.feed} onRetry={feed.reload} emptyHint={signedIn ? undefined : 'Nobody has posted publicly yet.'} />
          </div>
        </>
      )}
    </main>
  );
}
