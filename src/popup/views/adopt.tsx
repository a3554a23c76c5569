/**
 * "Continue as @handle": the web app in this browser holds a Cognito session for our client,
 * which the background proved with Cognito (the name and handle here are Cognito's answer, not
 * what the page wrote). The confirming click is here, in the toolbar popup, because a page can
 * restyle, cover or fake anything drawn inside it. Before the click, the user is told what
 * adopting does to the web app's own session.
 */
import type { WebAppRotation, WebSessionOffer } from '../../shared/messages.ts';
import { RequestError, send } from '../../shared/messaging.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import type { Session } from '../use-session.ts';

/** What adopting does to the web app, said before the click. */
export const ROTATION_NOTICES: Record<WebAppRotation, string> = {
  rotates: 'The Cruddur web app in this browser will ask you to sign in again.',
  unknown: 'The Cruddur web app in this browser may ask you to sign in again.',
  keeps: 'You stay signed in to the web app too. Signing out here later signs it out as well.',
};

export function AdoptView({ session, offer, onDone }: { session: Session; offer: WebSessionOffer; onDone: () => void }) {
  const { user } = offer;
  const label = user.handle ? `@${user.handle}` : user.email;
  const adopt = useAction(async () => {
    try {
      session.follow(await send('web-session/adopt', { offerId: offer.id }));
    } catch (e) {
      // A dead session is no dead end: its sentence goes with the user to the sign-in form.
      if (!(e instanceof RequestError) || e.code !== 'web-session-gone') throw e;
      onDone();
      session.go('sign-in', { notice: e.message });
    }
  });
  const notNow = useAction(async () => {
    await send('web-session/dismiss', { offerId: offer.id }).catch(() => undefined);
    onDone();
  });
  const busy = adopt.pending || notNow.pending;

  return (
    <Frame title={`Continue as ${label}`} view="adopt" subtitle="You are signed in to Cruddur in this browser. Use that session here, without a password?">
      <div class="adopt__who" data-testid="adopt-who">
        <span class="adopt__name">{user.name || user.email}</span>
        <span class="adopt__handle">{user.handle ? `@${user.handle}` : ''}</span>
        <span class="adopt__email">{user.email}</span>
      </div>
      <Notice testId="adopt-rotation">{ROTATION_NOTICES[offer.rotation]}</Notice>
      <ErrorAlert message={adopt.error?.message} />
      <button type="button" class="btn btn--primary" onClick={() => void adopt.run()} disabled={busy} data-testid="adopt-continue" autoFocus>
        {adopt.pending ? 'Signing in…' : 'Continue'}
      </button>
      <Links>
        <ActionButton variant="link" onClick={() => void notNow.run()} disabled={busy} testId="adopt-not-now">
          Not now
        </ActionButton>
      </Links>
    </Frame>
  );
}
