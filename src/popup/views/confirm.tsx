/** Confirm: the emailed 6-digit code; signs in automatically when the background still can. */
import { useState } from 'preact/hooks';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkCode, checkEmail, normaliseCode } from '../../shared/ui/form-checks.ts';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { TextField } from '../../shared/ui/text-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { resentCodeNotice } from '../navigation.ts';
import type { Session } from '../use-session.ts';
import { EmailField } from '../components/email-field.tsx';

export function ConfirmView({ session }: { session: Session }) {
  const { draft } = session;
  const [code, setCode] = useState('');
  const confirm = useAction(async () => {
    session.follow(await send('auth/confirm-sign-up', { email: draft.email.trim(), code: normaliseCode(code) }));
  });
  const resend = useAction(async () => {
    // A new code makes the last attempt's error moot; it must not sit beside "We sent a new code…".
    confirm.clearError();
    const email = draft.email.trim();
    await send('auth/resend-code', { email });
    // The old code cannot work any more: an empty field, ready for the new one.
    setCode('');
    document.getElementById('code')?.focus();
    session.setNotice(resentCodeNotice(email));
  });
  const errors = useFormErrors<'email' | 'code'>(confirm.error ?? resend.error);
  const busy = confirm.pending || resend.pending;

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.check({ email: checkEmail(draft.email), code: checkCode(code) })) void confirm.run();
  };
  const askAgain = () => {
    if (errors.check({ email: checkEmail(draft.email) })) void resend.run();
  };

  return (
    <Frame title={t('popup_confirmTitle')} view="confirm">
      {/* One message at a time: an error replaces the notice above the form. */}
      <Notice>{confirm.error ?? resend.error ? undefined : draft.notice}</Notice>
      <form class="form" onSubmit={submit} aria-busy={busy} noValidate data-testid="confirm-form">
        <EmailField session={session} errors={errors} />
        <TextField
          id="code"
          label={t('popup_code')}
          inputMode="numeric"
          autocomplete="one-time-code"
          hint={t('popup_codeHintEmail')}
          value={code}
          onValue={errors.edit('code', setCode)}
          error={errors.errorOf('code')}
          autoFocus
        />
        <ErrorAlert message={(confirm.error ?? resend.error)?.message} />
        <SubmitButton pending={confirm.pending} pendingLabel={t('popup_confirming')} disabled={resend.pending} testId="confirm-submit">
          {t('popup_confirm')}
        </SubmitButton>
      </form>
      <Links>
        <ActionButton variant="link" onClick={askAgain} disabled={busy} testId="resend-code">
          {resend.pending ? t('popup_sending') : t('popup_resendCode')}
        </ActionButton>
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={busy}>
          {t('popup_backToSignIn')}
        </ActionButton>
      </Links>
    </Frame>
  );
}
