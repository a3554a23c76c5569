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
import type { WebSession } from './web-session.ts';

export interface PanelProps {
  /** null until the background answered. */
  state: AuthState | null;
  /** A web-app session the user may adopt; only passed while signed out on a web-app origin. */
  webSession: WebSession | null;
  onContinue: (session: WebSession) => Promise<void>;
  onSignIn: () => Promise<void>;
  onClose: () => void;
}

export function Panel({ state, webSession, onContinue, onSignIn, onClose }: PanelProps) {
  const signedIn = state?.status === 'signed-in' ? state : null;
  const userKey = state === null ? null : (signedIn?.user.sub ?? 'public');
  const feed = useHomeFeed(userKey);
  const adopt = useAction(onContinue);
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
          <div class="panel__actions">
            {webSession && (
              <button
                type="button"
                class="btn btn--primary panel__continue"
                onClick={() => void adopt.run(webSession)}
                disabled={adopt.pending}
                data-testid="panel-continue"
              >
                {adopt.pending ? 'Signing in…' : `Continue as ${webSession.label}`}
              </button>
            )}
            <button
              type="button"
              class={webSession ? 'btn btn--secondary' : 'btn btn--primary'}
              onClick={() => void signIn.run()}
              disabled={signIn.pending}
              data-testid="panel-sign-in"
            >
              {webSession ? 'Use another account' : 'Sign in'}
            </button>
          </div>
          <ErrorAlert message={(adopt.error ?? signIn.error)?.message} testId="panel-error" />
        </div>
      )}

      <div class="panel__feed" data-testid="panel-feed" data-personalised={feed.personalised} aria-busy={feed.refreshing}>
        {/* Until the background answers, the feed is 'loading' (the hook waits): the skeleton shows. */}
        <FeedList feed={feed.feed} onRetry={feed.reload} emptyHint={signedIn ? undefined : 'Nobody has posted publicly yet.'} />
      </div>
    </section>
  );
}
