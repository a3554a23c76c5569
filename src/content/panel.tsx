/**
 * The in-page feed panel: the signed-in home feed, or the public feed with "Sign in" (and,
 * on the web app, "Continue as @handle" when the page holds a session for our client).
 * It renders data and an auth state only; it never holds a token.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { FeedList } from '../shared/ui/feed-list.tsx';
import { RefreshButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';
import { useHomeFeed } from '../shared/ui/use-home-feed.ts';

export interface PanelProps {
  /** null until the background answered. */
  state: AuthState | null;
  /**
   * The page holds a session the background proved and offers in the toolbar popup. The panel
   * only points there: a button in the page could be restyled or covered by the page.
   */
  webSessionOffered: boolean;
  onSignIn: () => Promise<void>;
  onClose: () => void;
}

export function Panel({ state, webSessionOffered, onSignIn, onClose }: PanelProps) {
  const signedIn = state?.status === 'signed-in' ? state : null;
  const userKey = state === null ? null : (signedIn?.user.sub ?? 'public');
  const feed = useHomeFeed(userKey);
  const signIn = useAction(onSignIn);

  return (
    <section class="panel" aria-label="Cruddur feed" data-testid="panel" data-state={state?.status ?? 'loading'}>
      <header class="panel__header">
        <span class="panel__mark" aria-hidden="true">
          C
        </span>
        <div class="panel__who">
          {signedIn ? (
            <>
              <span class="panel__name" data-testid="panel-user-name">
                {signedIn.user.name || signedIn.user.email}
              </span>
              <span class="panel__handle" data-testid="panel-user-handle">
                @{signedIn.user.handle}
              </span>
            </>
          ) : (
            <>
              <span class="panel__name">Cruddur</span>
              <span class="panel__handle">{state ? 'Public feed' : 'Connecting…'}</span>
            </>
          )}
        </div>
        {signedIn?.offline && (
          <span class="panel__badge" role="status">
            Offline
          </span>
        )}
        <RefreshButton refreshing={feed.refreshing} onRefresh={feed.reload} testId="panel-refresh" />
        <button type="button" class="icon-btn" onClick={onClose} aria-label="Close the Cruddur panel" title="Close" data-testid="panel-close">
          <span aria-hidden="true">×</span>
        </button>
      </header>

      {state?.status === 'signed-out' && (
        <div class="panel__signed-out" data-testid="panel-signed-out">
          <p class="panel__lead">Sign in to see your home feed here.</p>
          {webSessionOffered && (
            <p class="panel__lead" data-testid="panel-web-session">
              Cruddur is signed in in this tab. Click the Cruddur toolbar button to continue.
            </p>
          )}
          <div class="panel__actions">
            <button
              type="button"
              class={webSessionOffered ? 'btn btn--secondary' : 'btn btn--primary'}
              onClick={() => void signIn.run()}
              disabled={signIn.pending}
              data-testid="panel-sign-in"
            >
              {webSessionOffered ? 'Use another account' : 'Sign in'}
            </button>
          </div>
          <ErrorAlert message={signIn.error?.message} testId="panel-error" />
        </div>
      )}

      <div class="panel__feed" data-testid="panel-feed" data-personalised={feed.personalised} aria-busy={feed.refreshing}>
        {/* Until the background answers, the feed is 'loading' (the hook waits): the skeleton shows. */}
        <FeedList feed={feed.feed} onRetry={feed.reload} emptyHint={signedIn ? undefined : 'Nobody has posted publicly yet.'} />
      </div>
    </section>
  );
}
