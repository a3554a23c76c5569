/**
 * Settings for people, on top: who is signed in (and Sign out), two-step verification, trusted
 * devices, passkeys (with managed login), language. It follows the background's auth state live, like the popup (without
 * holding the session "in use": an open Settings tab is no activity).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import { t } from '../shared/i18n.ts';
import { send } from '../shared/messaging.ts';
import { watchAuthState } from '../shared/state-port.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';
import { PORT_PANEL } from '../shared/wire-constants.ts';
import { TwoStepSection } from './two-step.tsx';
import { TrustedBrowsersSection } from './trusted-browsers.tsx';
import { PasskeysSection } from './passkeys.tsx';

/** The auth state pushed by the background; null until it answered. */
export function useAuthState(): AuthState | null {
  const [state, setState] = useState<AuthState | null>(null);
  useEffect(() => {
    const stop = new AbortController();
    watchAuthState({ name: PORT_PANEL, onState: setState, delaysMs: [500, 2000, 5000, 15_000], signal: stop.signal });
    return () => stop.abort();
  }, []);
  return state;
}

/** `managedLogin`: the pool's managed-login domain is set (passkeys are added on its pages). */
export function AccountSections({ state, managedLogin = false }: { state: AuthState | null; managedLogin?: boolean }) {
  const signedIn = state?.status === 'signed-in' ? state : null;
  const [said, setSaid] = useState<string | undefined>();
  const signOut = useAction(async () => {
    await send('auth/sign-out', { global: false });
    setSaid(t('options_justSignedOut'));
  });
  useEffect(() => {
    if (signedIn) setSaid(undefined);
  }, [signedIn?.user.sub]);

  return (
    <>
      <Card id="account" title={t('options_accountTitle')}>
        {signedIn ? (
          <div class="account">
            <span class="avatar" aria-hidden="true">
              {(signedIn.user.name || signedIn.user.handle || '?').slice(0, 1).toUpperCase()}
            </span>
            <div class="account__who" data-testid="account-who">
              <strong data-testid="account-name">{signedIn.user.name || signedIn.user.email}</strong>
              <span data-testid="account-handle">@{signedIn.user.handle}</span>
              <span class="account__email">{signedIn.user.email}</span>
            </div>
            <ActionButton onClick={() => void signOut.run()} disabled={signOut.pending} testId="account-sign-out">
              {signOut.pending ? t('options_signingOut') : t('options_signOut')}
            </ActionButton>
          </div>
        ) : (
          <p data-testid="account-signed-out">{state ? t('options_signedOut') : t('options_loading')}</p>
        )}
        <Notice testId="account-notice">{said}</Notice>
        <ErrorAlert message={signOut.error?.message} testId="account-error" />
      </Card>
      <Card id="two-step" title={t('options_twoStepTitle')}>
        {/* Keyed by user: someone else signing in starts from their own state, never the last one's. */}
        {signedIn ? <TwoStepSection key={signedIn.user.sub} /> : <p>{t('options_twoStepSignedOut')}</p>}
      </Card>
      <Card id="devices" title={t('options_devicesTitle')}>
        {signedIn ? <TrustedBrowsersSection key={signedIn.user.sub} /> : <p>{t('options_devicesSignedOut')}</p>}
      </Card>
      {managedLogin && (
        <Card id="passkeys-card" title={t('options_passkeysTitle')}>
          {signedIn ? <PasskeysSection key={signedIn.user.sub} /> : <p>{t('options_passkeysSignedOut')}</p>}
        </Card>
      )}
      <Card id="language" title={t('options_languageTitle')}>
        <p data-testid="language">{t('options_language')}</p>
      </Card>
    </>
  );
}

/** One settings card: a section named by its heading. */
export function Card({ id, title, children, tag }: { id: string; title: string; children: ComponentChildren; tag?: string }) {
  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>
        {title}
        {tag && <span class="card__tag">{tag}</span>}
      </h2>
      {children}
    </section>
  );
}
