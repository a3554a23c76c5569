/** Forgot password, step 1: which account; the background emails a reset code. */
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { checkEmail } from '../../shared/ui/form-checks.ts';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { sentCodeNotice } from '../navigation.ts';
import type { Session } from '../use-session.ts';
import { EmailField } from '../components/email-field.tsx';

export function ForgotPasswordView({ session }: { session: Session }) {
  const { draft } = session;
  const action = useAction(async () => {
    const email = draft.email.trim();
    await send('auth/forgot-password', { email });
    session.go('reset', { email, notice: sentCodeNotice(email) });
  });
  const errors = useFormErrors<'email'>(action.error);

  const submit = (e: Event) => {
    e.preventDefault();
    if (errors.check({ email: checkEmail(draft.email) })) void action.run();
  };

  return (
    <Frame title={t('popup_resetTitle')} view="forgot" subtitle={t('popup_resetSubtitle')}>
      {/* One message at a time: an error replaces the notice above the form. */}
      <Notice>{action.error ? undefined : draft.notice}</Notice>
      <form class="form" onSubmit={submit} aria-busy={action.pending} noValidate data-testid="forgot-form">
        <EmailField session={session} errors={errors} autoFocus />
        <ErrorAlert message={action.error?.message} />
        <SubmitButton pending={action.pending} pendingLabel={t('popup_sendingCode')} testId="forgot-submit">
          {t('popup_sendCode')}
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
