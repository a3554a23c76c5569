/** Picks the view: home when signed in, otherwise the restored draft's view. */
import type { JSX } from 'preact';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { FeedSkeleton } from '../shared/ui/feed-list.tsx';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { Frame } from './components/frame.tsx';
import type { View } from './navigation.ts';
import { useSession, type Session } from './use-session.ts';
import { AdoptView, useWebSessionOffer } from './views/adopt.tsx';
import { ConfirmView } from './views/confirm.tsx';
import { ForgotPasswordView } from './views/forgot-password.tsx';
import { HomeView } from './views/home.tsx';
import { MfaStepView } from './views/mfa-step.tsx';
import { NewPasswordView } from './views/new-password.tsx';
import { ResetPasswordView } from './views/reset-password.tsx';
import { SignInView } from './views/sign-in.tsx';
import { SignUpView } from './views/sign-up.tsx';

const VIEW_COMPONENTS: Record<View, (p: { session: Session }) => JSX.Element> = {
  'sign-in': SignInView,
  'sign-up': SignUpView,
  confirm: ConfirmView,
  forgot: ForgotPasswordView,
  reset: ResetPasswordView,
  'new-password': NewPasswordView,
  mfa: MfaStepView,
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
  if (!state || (state.status === 'signed-out' && webSession.offer === undefined)) {
    return (
      <Frame title="Loading…" view="loading">
        <FeedSkeleton rows={2} />
      </Frame>
    );
  }
  if (state.status === 'signed-in') return <HomeView session={session} state={state} />;
  // The web app's proven session is offered first, unless the user is mid-way through another flow.
  if (webSession.offer && draft.view === 'sign-in') return <AdoptView session={session} offer={webSession.offer} onDone={webSession.clear} />;
  const ViewComponent = VIEW_COMPONENTS[draft.view];
  // Keyed by view: a view's passwords and errors never leak into the next one.
  return <ViewComponent key={draft.view} session={session} />;
}
