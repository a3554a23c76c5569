/** Picks the view: home when signed in, otherwise the signed-out views (a chunk of their own). */
import { ActionButton } from '../shared/ui/buttons.tsx';
import { t } from '../shared/i18n.ts';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { Frame, Loading } from './components/frame.tsx';
import { lazyView } from '../shared/ui/lazy-view.tsx';
import type { PopupStart } from './popup-start.ts';
import { useSession } from './use-session.ts';
import { HomeView } from './views/home.tsx';

// Home (with the feed) is the first script's view: what a signed-in user sees at open. The
// signed-out views, their draft and the "Continue as" offer are fetched when first shown.
const SignedOutView = lazyView(() => import('./signed-out.tsx').then((m) => m.SignedOutView), Loading);

export function App({ start }: { start: PopupStart }) {
  const session = useSession(start);
  const { state, loadError } = session;

  if (loadError) {
    return (
      <Frame title={t('extName')} view="unavailable">
        <ErrorAlert message={loadError.message} />
        <ActionButton onClick={session.reload} testId="load-retry">
          {t('popup_tryAgain')}
        </ActionButton>
      </Frame>
    );
  }
  if (!state) return <Loading />;
  if (state.status === 'signed-in') return <HomeView session={session} state={state} />;
  return <SignedOutView auth={session} />;
}
