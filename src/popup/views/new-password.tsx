/** NEW_PASSWORD_REQUIRED (an admin created the account): the permanent password, right here. */
import { useState } from 'preact/hooks';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkNewPassword, checkRepeat } from '../../shared/ui/form-checks.ts';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { PasswordField } from '../../shared/ui/password-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import type { Session } from '../use-session.ts';

export function NewPasswordView({ session }: { session: Session }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const action = useAction(async () => {
    session.follow(await send('auth/complete-new-password', { password }));
  });
  const errors = useFormErrors<'password' | 'again'>(action.error);

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.check({ password: checkNewPassword(password), again: checkRepeat(password, again) })) void action.run();
  };

  return (
    <Frame title={t('popup_setPasswordTitle')} view="new-password">
      {/* One message at a time: an error replaces the notice above the form. */}
      <Notice>{action.error ? undefined : session.draft.notice}</Notice>
      <form class="form" onSubmit={submit} aria-busy={action.pending} noValidate data-testid="new-password-form">
        <PasswordField
          id="password"
          label={t('popup_newPassword')}
          autocomplete="new-password"
          hints
          value={password}
          onValue={errors.edit('password', setPassword)}
          error={errors.errorOf('password')}
          autoFocus
        />
        <PasswordField
          id="again"
          label={t('popup_newPasswordAgain')}
          autocomplete="new-password"
          value={again}
          onValue={errors.edit('again', setAgain)}
          error={errors.errorOf('again')}
        />
        <ErrorAlert message={action.error?.message} />
        <SubmitButton pending={action.pending} pendingLabel={t('popup_saving')} testId="new-password-submit">
          {t('popup_setPasswordAndSignIn')}
        </SubmitButton>
      </form>
      <Links>
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={action.pending}>
          {t('popup_backToSignIn')}
        </ActionButton>
      </Links>
    </Frame>
  );
}
