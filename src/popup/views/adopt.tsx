/**
 * "Continue as @handle": the web app in this browser holds a Cognito session for our client,
 * which the background proved with Cognito (the name and handle here are Cognito's answer, not
 * what the page wrote). The confirming click is here, in the toolbar popup, because a page can
 * restyle, cover or fake anything drawn inside it. Before the click, the user is told what
 * adopting does to the web app's own session.
 *
 * The account may still be an attacker's own, named like the user's (offer-check.ts): hidden
 * characters are shown as codes and refuse the offer, mixed scripts are flagged, and the view
 * says whether this account was used in this browser before. Nothing is focused when the view
 * opens (an Enter meant for a page must not land on Continue), and Continue waits for a
 * deliberate press once the view has been visible for a moment (arming.ts).
 */
import type { WebAppRotation, WebSessionOffer } from '../../shared/messages.ts';
import { RequestError, send } from '../../shared/messaging.ts';
import { t, type MessageKey } from '../../shared/i18n.ts';
import { revealHidden, spellHidden } from '../../shared/hidden-characters.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { ADOPT_TEXT, checkOffer } from '../offer-check.ts';
import { useArming } from '../use-arming.ts';
import type { Session } from '../use-session.ts';

/** What adopting does to the web app, said before the click. */
const ROTATION_NOTICES = {
  rotates: 'popup_rotationRotates',
  unknown: 'popup_rotationUnknown',
  keeps: 'popup_rotationKeeps',
} as const satisfies Record<WebAppRotation, MessageKey>;

/** A label with each hidden character drawn as its code, isolated from the text around it. */
function Revealed({ text, class: className }: { text: string; class: string }) {
  return (
    <bdi class={className}>
      {revealHidden(text).map((piece) =>
        typeof piece === 'string' ? (
          piece
        ) : (
          <span class="adopt__hidden" role="img" aria-label={ADOPT_TEXT.hiddenCharacter(piece.code)} data-testid="adopt-hidden">
            {piece.code}
          </span>
        ),
      )}
    </bdi>
  );
}

export function AdoptView({ session, offer, onDone }: { session: Session; offer: WebSessionOffer; onDone: () => void }) {
  const { user } = offer;
  const check = checkOffer(user);
  const label = spellHidden(user.handle ? `@${user.handle}` : check.email);
  const arming = useArming();
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
    <Frame title={t('popup_continueAs', label)} view="adopt" subtitle={t('popup_adoptSubtitle')}>
      <div class="adopt__who" data-testid="adopt-who">
        <Revealed class="adopt__name" text={user.name || user.email} />
        {user.handle && <Revealed class="adopt__handle" text={`@${user.handle}`} />}
        <Revealed class="adopt__email" text={check.email} />
        <span class={offer.usedBefore ? 'adopt__history' : 'adopt__history adopt__history--new'} data-testid="adopt-history">
          {offer.usedBefore ? ADOPT_TEXT.usedBefore : ADOPT_TEXT.newHere}
        </span>
      </div>
      {check.flags.length > 0 && (
        <ul class="adopt__flags" data-testid="adopt-flags">
          {check.flags.map((flag) => (
            <li key={flag}>{flag}</li>
          ))}
        </ul>
      )}
      {check.refused ? (
        <>
          <p class="alert" data-testid="adopt-refused">
            {ADOPT_TEXT.hidden}
          </p>
          <ActionButton variant="secondary" onClick={() => void notNow.run()} disabled={busy} testId="adopt-sign-in-instead">
            {ADOPT_TEXT.signInInstead}
          </ActionButton>
        </>
      ) : (
        <>
          <Notice testId="adopt-rotation">{t(ROTATION_NOTICES[offer.rotation])}</Notice>
          <ErrorAlert message={adopt.error?.message} />
          <button
            type="button"
            class="btn btn--primary"
            onClick={() => arming.accepts() && void adopt.run()}
            disabled={busy || !arming.armed}
            data-armed={arming.armed}
            data-testid="adopt-continue"
          >
            {adopt.pending ? t('popup_signingIn') : t('popup_continue')}
          </button>
          <Links>
            <ActionButton variant="link" onClick={() => void notNow.run()} disabled={busy} testId="adopt-not-now">
              {t('popup_notNow')}
            </ActionButton>
          </Links>
        </>
      )}
    </Frame>
  );
}
