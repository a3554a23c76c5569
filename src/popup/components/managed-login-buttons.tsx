/**
 * The sign-in view's other doors: "Continue with <provider>" for each provider set in Settings,
 * and "Use the sign-in page" (the pool's hosted pages: passkeys, federated accounts, its own
 * password page). The background runs the browser's auth window; closing it changes nothing and
 * shows nothing. Shown only when a managed-login domain is set.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { send } from '../../shared/messaging.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { ErrorAlert } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import type { Session } from '../use-session.ts';

interface Doors {
  providers: string[];
}

export function ManagedLoginButtons({ session }: { session: Session }) {
  const [doors, setDoors] = useState<Doors | null>(null);
  useEffect(() => {
    let live = true;
    send('settings/get').then(
      ({ settings }) => live && setDoors(settings.managedLoginDomain ? { providers: settings.identityProviders ?? [] } : null),
      // No settings, no other doors: the form above still signs in.
      () => live && setDoors(null),
    );
    return () => {
      live = false;
    };
  }, []);
  const action = useAction(async (provider?: string) => {
    const outcome = await send('auth/managed-login', provider === undefined ? {} : { provider });
    if (outcome.kind === 'signed-in') session.follow(outcome);
  });
  if (!doors) return null;

  return (
    <section class="managed-login" aria-label={t('popup_otherWaysToSignIn')} aria-busy={action.pending} data-testid="managed-login">
      <p class="managed-login__or" aria-hidden="true">
        {t('popup_or')}
      </p>
      {doors.providers.map((provider) => (
        <ActionButton key={provider} onClick={() => void action.run(provider)} disabled={action.pending} testId="managed-login-provider">
          {t('popup_continueWith', provider)}
        </ActionButton>
      ))}
      <ActionButton onClick={() => void action.run()} disabled={action.pending} testId="managed-login-hosted">
        {t('popup_useSignInPage')}
      </ActionButton>
      {action.pending && (
        <p class="managed-login__pending" role="status" data-testid="managed-login-pending">
          {t('popup_finishInWindow')}
        </p>
      )}
      <ErrorAlert message={action.error?.message} testId="managed-login-error" />
    </section>
  );
}
