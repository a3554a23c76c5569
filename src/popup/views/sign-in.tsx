/**
 * Sign in: email (remembered only when the user ticks "Remember my email"), password with
 * Show/Hide, links to the other flows; "Email me a code" where Settings choose choice-based
 * sign-in (email-code.tsx).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../../shared/browser.ts';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkEmail, checkPasswordPresent } from '../../shared/ui/form-checks.ts';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { PasswordField } from '../../shared/ui/password-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import type { Session } from '../use-session.ts';
import { EmailField } from '../components/email-field.tsx';
import { ManagedLoginButtons } from '../components/managed-login-buttons.tsx';
import { EmailCodeButton } from '../components/email-code.tsx';

export function SignInView({ session }: { session: Session }) {
  const { draft } = session;
  const [password, setPassword] = useState('');
  // Ticked when the email shown was remembered: unticking forgets it at this sign-in.
  const [remember, setRemember] = useState(draft.remembered === true);
  const action = useAction(async () => {
    session.follow(await send('auth/sign-in', { email: draft.email.trim(), password, remember }));
  });
  const errors = useFormErrors<'email' | 'password'>(action.error);
  // An administrator reset the password: straight to the reset step, the email filled, the code on its way.
  useEffect(() => {
    if (action.error?.code === 'password-reset-required') session.go('reset', { email: draft.email.trim(), notice: action.error.message });
  }, [action.error]);

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.check({ email: checkEmail(draft.email), password: checkPasswordPresent(password) })) void action.run();
  };

  return (
    <Frame title={t('popup_signIn')} view="sign-in" subtitle={t('popup_signInSubtitle')}>
      {/* One message at a time: an error replaces the notice above the form. */}
      <Notice>{action.error ? undefined : (draft.notice ?? session.reasonNotice)}</Notice>
      <form class="form" onSubmit={submit} aria-busy={action.pending} noValidate data-testid="sign-in-form">
        <EmailField session={session} errors={errors} autoFocus={!draft.email} />
        <PasswordField
          id="password"
          label={t('popup_password')}
          autocomplete="current-password"
          value={password}
          onValue={errors.edit('password', setPassword)}
          error={errors.errorOf('password')}
          autoFocus={!!draft.email}
        />
        <label class="check">
          <input type="checkbox" id="remember" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} data-testid="field-remember" />
          {t('popup_rememberEmail')}
        </label>
        <ErrorAlert message={action.error?.message} />
        <SubmitButton pending={action.pending} pendingLabel={t('popup_signingIn')} testId="sign-in-submit">
          {t('popup_signIn')}
        </SubmitButton>
      </form>
      <ManagedLoginButtons session={session} />
      <EmailCodeButton session={session} remember={remember} disabled={action.pending} />
      <Links>
        <ActionButton variant="link" onClick={() => session.go('forgot')} disabled={action.pending}>
          {t('popup_forgotPassword')}
        </ActionButton>
        <ActionButton variant="link" onClick={() => session.go('sign-up')} disabled={action.pending}>
          {t('popup_createAccount')}
        </ActionButton>
      </Links>
      {/* First-time setup or a different pool: the settings must be reachable signed out. */}
      <p class="popup__footer">
        <ActionButton variant="link" onClick={() => void browser.runtime.openOptionsPage()} testId="open-options">
          {t('popup_settings')}
        </ActionButton>
      </p>
    </Frame>
  );
}
