/**
 * Sign up: name, email, @handle, a new password with live hints, the password again. With
 * choice-based sign-in in Settings the password may stay empty: the account then signs in with
 * emailed codes (where the pool allows it; otherwise Cognito's refusal asks for one).
 */
import { useState } from 'preact/hooks';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkEmail, checkHandle, checkName, checkNewPassword, checkRepeat, normaliseHandle } from '../../shared/ui/form-checks.ts';
import { ErrorAlert } from '../../shared/ui/notices.tsx';
import { PasswordField } from '../../shared/ui/password-field.tsx';
import { TextField } from '../../shared/ui/text-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { sentCodeNotice } from '../navigation.ts';
import type { Session } from '../use-session.ts';
import { useChoiceBased } from '../components/email-code.tsx';

type Field = 'name' | 'email' | 'handle' | 'password' | 'again';

export function SignUpView({ session }: { session: Session }) {
  const { draft } = session;
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const choice = useChoiceBased();
  const passwordless = choice && !password && !again;
  const action = useAction(async () => {
    const email = draft.email.trim();
    await send('auth/sign-up', { email, password, name: draft.name.trim(), handle: normaliseHandle(draft.handle) });
    session.go('confirm', { email, notice: sentCodeNotice(email) });
  });
  const errors = useFormErrors<Field>(action.error);

  const submit = (e: Event) => {
    e.preventDefault();
    const ok = errors.check({
      name: checkName(draft.name),
      email: checkEmail(draft.email),
      handle: checkHandle(normaliseHandle(draft.handle)),
      password: passwordless ? undefined : checkNewPassword(password),
      again: passwordless ? undefined : checkRepeat(password, again),
    });
    if (ok) void action.run();
  };

  return (
    <Frame title={t('popup_createAccount')} view="sign-up">
      <form class="form" onSubmit={submit} aria-busy={action.pending} noValidate data-testid="sign-up-form">
        <TextField id="name" label={t('popup_name')} autocomplete="name" value={draft.name} onValue={errors.edit('name', (name) => session.edit({ name }))} error={errors.errorOf('name')} autoFocus />
        <TextField id="email" label={t('popup_email')} type="email" autocomplete="email" value={draft.email} onValue={errors.edit('email', (email) => session.edit({ email }))} error={errors.errorOf('email')} />
        <TextField
          id="handle"
          label={t('popup_handle')}
          prefix="@"
          autocomplete="nickname"
          hint={t('popup_handleHint')}
          value={draft.handle}
          onValue={errors.edit('handle', (handle) => session.edit({ handle }))}
          error={errors.errorOf('handle')}
        />
        <PasswordField id="password" label={t('popup_password')} autocomplete="new-password" hints value={password} onValue={errors.edit('password', setPassword)} error={errors.errorOf('password')} />
        <PasswordField id="again" label={t('popup_passwordAgain')} autocomplete="new-password" value={again} onValue={errors.edit('again', setAgain)} error={errors.errorOf('again')} />
        {choice && (
          <p class="field__hint" data-testid="sign-up-passwordless">
            {t('popup_passwordlessHint')}
          </p>
        )}
        <ErrorAlert message={action.error?.message} />
        <SubmitButton pending={action.pending} pendingLabel={t('popup_creatingAccount')} testId="sign-up-submit">
          {t('popup_createAccount')}
        </SubmitButton>
      </form>
      <Links>
        <span class="links__text">{t('popup_haveAccount')}</span>
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={action.pending}>
          {t('popup_signIn')}
        </ActionButton>
      </Links>
    </Frame>
  );
}
