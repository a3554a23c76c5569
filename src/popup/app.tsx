/** Picks the view: home when signed in, otherwise the restored draft's view. */
import type { ComponentType, JSX } from 'preact';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { FeedSkeleton } from '../shared/ui/feed-list.tsx';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { Frame } from './components/frame.tsx';
import type { View } from './navigation.ts';
import { lazyView } from './lazy-view.tsx';
import { useSession, type Session } from './use-session.ts';
import { useWebSessionOffer } from './use-web-session-offer.ts';
import { HomeView } from './views/home.tsx';

// Home (with the feed) is the first script's view: what a signed-in user sees at open. Every
// other view is fetched when first shown.
const Loading = () => (
  <Frame title="Loading…" view="loading">
    <FeedSkeleton rows={2} />
  </Frame>
);
const lazy = <P extends object>(load: () => Promise<ComponentType<P>>) => lazyView<P>(load, Loading);
const AdoptView = lazy(() => import('./views/adopt.tsx').then((m) => m.AdoptView));

const VIEW_COMPONENTS: Record<View, (p: { session: Session }) => JSX.Element | null> = {
  'sign-in': lazy(() => import('./views/sign-in.tsx').then((m) => m.SignInView)),
  'sign-up': lazy(() => import('./views/sign-up.tsx').then((m) => m.SignUpView)),
  confirm: lazy(() => import('./views/confirm.tsx').then((m) => m.ConfirmView)),
  forgot: lazy(() => import('./views/forgot-password.tsx').then((m) => m.ForgotPasswordView)),
  reset: lazy(() => import('./views/reset-password.tsx').then((m) => m.ResetPasswordView)),
  'new-password': lazy(() => import('./views/new-password.tsx').then((m) => m.NewPasswordView)),
  mfa: lazy(() => import('./views/mfa-step.tsx').then((m) => m.MfaStepView)),
};

export function App() {
  const session = useSession();
  const { state, loadError, draft } = session;
  const webSession = useWebSessionOffer(state);

  if (loadError) {
    return (
      <Frame title="Cruddur Companion" view="unavailable">
        <ErrorAlert message={loadError.message} />
        <ActionButton onClick={session.reload} testId="load-retry">
          Try again
        </ActionButton>
      </Frame>
    );
  }
  if (!state || (state.status === 'signed-out' && webSession.offer === undefined)) return <Loading />;
  if (state.status === 'signed-in') return <HomeView session={session} state={state} />;
  // The web app's proven session is offered first, unless the user is mid-way through another flow.
  if (webSession.offer && draft.view === 'sign-in') return <AdoptView session={session} offer={webSession.offer} onDone={webSession.clear} />;
  const ViewComponent = VIEW_COMPONENTS[draft.view];
  // Keyed by view: a view's passwords and errors never leak into the next one.
  return <ViewComponent key={draft.view} session={session} />;
}
