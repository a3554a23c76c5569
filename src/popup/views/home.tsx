/** Signed in: who, the home feed, and the session's controls. */
import type { AuthState } from '../../shared/auth-state.ts';
import { browser } from '../../shared/browser.ts';
import { send } from '../../shared/messaging.ts';
import { ActionButton, RefreshButton } from '../../shared/ui/buttons.tsx';
import { FeedList } from '../../shared/ui/feed-list.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { useState } from 'preact/hooks';
import { Brand } from '../components/frame.tsx';
import { useHomeFeed } from '../../shared/ui/use-home-feed.ts';
import type { Session } from '../use-session.ts';
import { openSideSurface, sideSurface } from '../side-surface.ts';

type SignedIn = Extract<AuthState, { status: 'signed-in' }>;

export function HomeView({ session, state }: { session: Session; state: SignedIn }) {
  const { user } = state;
  const feed = useHomeFeed(user.sub);
  const [notice, setNotice] = useState<string | undefined>();
  const signOutOf = (global: boolean) => async () => session.setState(await send('auth/sign-out', { global }));
  const signOut = useAction(signOutOf(false));
  const signOutAll = useAction(signOutOf(true));
  const showPanel = useAction(async () => {
    const { shown } = await send('panel/show-in-active-tab');
    setNotice(shown ? 'The feed is showing on the page.' : 'This page cannot show the feed. Try it on a regular web page.');
  });
  const side = sideSurface();
  const openSide = useAction(openSideSurface);
  const busy = signOut.pending || signOutAll.pending;

  return (
    <main class="popup popup--home" data-view="home" data-testid="view-home" aria-busy={busy}>
      <header class="home__header">
        <Brand />
        <div class="home__user">
          <span class="avatar" aria-hidden="true">
            {(user.name || user.handle || '?').slice(0, 1).toUpperCase()}
          </span>
          <div class="home__who">
            <h1 class="home__name" data-testid="user-name">
              {user.name || user.email}
            </h1>
            <p class="home__handle" data-testid="user-handle">
              @{user.handle}
            </p>
          </div>
        </div>
      </header>

      <div class="home__toolbar">
        <h2 class="home__section">Home feed</h2>
        {state.offline && (
          <span class="badge badge--offline" role="status" data-testid="offline-badge">
            Offline, retrying
          </span>
        )}
        <RefreshButton refreshing={feed.refreshing} onRefresh={feed.reload} testId="feed-refresh" />
      </div>

      <div class="home__feed" aria-busy={feed.refreshing} data-testid="feed-region" data-personalised={feed.personalised}>
        <FeedList feed={feed.feed} onRetry={feed.reload} />
      </div>

      <Notice>{notice}</Notice>
      <ErrorAlert message={(signOut.error ?? signOutAll.error ?? showPanel.error ?? openSide.error)?.message} />
      <footer class="home__actions">
        <ActionButton onClick={() => void showPanel.run()} disabled={showPanel.pending} testId="show-panel">
          {showPanel.pending ? 'Opening…' : 'Show feed on this page'}
        </ActionButton>
        {side && (
          // `run` calls it synchronously, inside the click: the browser needs that gesture.
          <ActionButton onClick={() => void openSide.run()} testId="open-side-surface">
            {side.label}
          </ActionButton>
        )}
        <div class="home__row">
          <ActionButton onClick={() => void signOut.run()} disabled={busy} testId="sign-out">
            {signOut.pending ? 'Signing out…' : 'Sign out'}
          </ActionButton>
          <ActionButton variant="danger" onClick={() => void signOutAll.run()} disabled={busy} testId="sign-out-all">
            {signOutAll.pending ? 'Signing out everywhere…' : 'Sign out of all devices'}
          </ActionButton>
        </div>
        <ActionButton variant="link" onClick={() => void browser.runtime.openOptionsPage()} testId="open-options">
          Settings
        </ActionButton>
      </footer>
    </main>
  );
}
