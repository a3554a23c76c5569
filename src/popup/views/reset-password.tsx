/** Forgot password, step 2: the emailed code and a new password twice; then signed in. */
import { useState } from 'preact/hooks';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkCode, checkNewPassword, checkRepeat, normaliseCode } from '../../shared/ui/form-checks.ts';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { PasswordField } from '../../shared/ui/password-field.tsx';
import { TextField } from '../../shared/ui/text-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { passwordSetNotice } from '../navigation.ts';
import type { Session } from '../use-session.ts';

type Field = 'code' | 'password' | 'again';

/**
 * "For <b>email</b>": the sentence is the language's, the address in bold wherever it puts it.
 * The catalog gets a marker in the address's place, and the address goes where the marker is.
 */
function ForAccount({ email }: { email: string }) {
  const MARKER = '\u0001';
  const [before = '', after = ''] = t('popup_forAccount', MARKER).split(MARKER);
  return (
    <>
      {before}
      {/* Isolated: an address keeps its own direction inside a right-to-left sentence. */}
      <strong dir="auto">{email}</strong>
      {after}
    </>
  );
}

export function ResetPasswordView({ session }: { session: Session }) {
  const { draft } = session;
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const action = useAction(async () => {
    session.follow(await send('auth/confirm-forgot-password', { email: draft.email.trim(), code: normaliseCode(code), password }), passwordSetNotice());
  });
  const errors = useFormErrors<Field>(action.error);

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.check({ code: checkCode(code), password: checkNewPassword(password), again: checkRepeat(password, again) })) void action.run();
  };

  return (
    <Frame title={t('popup_chooseNewPasswordTitle')} view="reset">
      {/* One message at a time: an error replaces the notice above the form. */}
      <Notice>{action.error ? undefined : draft.notice}</Notice>
      {!draft.notice && (
        <p class="popup__account">
          <ForAccount email={draft.email} />
        </p>
      )}
      <form class="form" onSubmit={submit} aria-busy={action.pending} noValidate data-testid="reset-form">
        <TextField id="code" label={t('popup_code')} inputMode="numeric" autocomplete="one-time-code" value={code} onValue={errors.edit('code', setCode)} error={errors.errorOf('code')} autoFocus />
        <PasswordField id="password" label={t('popup_newPassword')} autocomplete="new-password" hints value={password} onValue={errors.edit('password', setPassword)} error={errors.errorOf('password')} />
        <PasswordField id="again" label={t('popup_newPasswordAgain')} autocomplete="new-password" value={again} onValue={errors.edit('again', setAgain)} error={errors.errorOf('again')} />
        <ErrorAlert message={action.error?.message} />
        <SubmitButton pending={action.pending} pendingLabel={t('popup_saving')} testId="reset-submit">
          {t('popup_setPasswordAndSignIn')}
        </SubmitButton>
      </form>
      <Links>
        <ActionButton variant="link" onClick={() => session.go('forgot')} disabled={action.pending}>
          {t('popup_useDifferentEmail')}
        </ActionButton>
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={action.pending}>
          {t('popup_backToSignIn')}
        </ActionButton>
      </Links>
    </Frame>
  );
}
