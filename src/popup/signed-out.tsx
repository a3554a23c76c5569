/**
 * Signed out: the restored draft's view, or "Continue as" when the web app holds a session to
 * offer. A chunk of its own, with the draft and the offer: a signed-in home never loads it.
 * Each view is a further chunk, fetched when first shown.
 */
import type { ComponentType, JSX } from 'preact';
import { Loading } from './components/frame.tsx';
import { lazyView } from '../shared/ui/lazy-view.tsx';
import type { View } from './navigation.ts';
import { useDraft } from './use-draft.ts';
import type { AuthSession, Session } from './use-session.ts';
import { useWebSessionOffer } from './use-web-session-offer.ts';

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

export function SignedOutView({ auth }: { auth: AuthSession }) {
  const { draft, ...session } = useDraft(auth);
  const webSession = useWebSessionOffer(auth.state);
  // The stored draft and the offer first: showing the sign-in form and then jumping to the
  // draft's view (or to the offer) would lose the autofocus on the way.
  if (!draft || webSession.offer === undefined) return <Loading />;
  // The web app's proven session is offered first, unless the user is mid-way through another flow.
  if (webSession.offer && draft.view === 'sign-in') return <AdoptView session={{ ...session, draft }} offer={webSession.offer} onDone={webSession.clear} />;
  const ViewComponent = VIEW_COMPONENTS[draft.view];
  // Keyed by view: a view's passwords and errors never leak into the next one.
  return <ViewComponent key={draft.view} session={{ ...session, draft }} />;
}
