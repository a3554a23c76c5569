/**
 * "Email me a code": sign-in without a password, offered where Settings choose choice-based
 * sign-in (USER_AUTH). The worker runs USER_AUTH with EMAIL_OTP preferred (or chosen at
 * SELECT_CHALLENGE); the code is then entered on the MFA view, which offers a new code.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { send } from '../../shared/messaging.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { checkEmail } from '../../shared/ui/form-checks.ts';
import { ErrorAlert } from '../../shared/ui/notices.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import type { Session } from '../use-session.ts';


/** Whether the sign-in method in Settings is choice-based: read once per view. */
export function useChoiceBased(): boolean {
  const [choice, setChoice] = useState(false);
  useEffect(() => {
    send('settings/get').then(
      ({ settings }) => setChoice(settings.authFlow === 'USER_AUTH'),
      () => setChoice(false),
    );
  }, []);
  return choice;
}

export function EmailCodeButton({ session, remember, disabled }: { session: Session; remember: boolean; disabled: boolean }) {
  const choice = useChoiceBased();
  const [refused, setRefused] = useState(false);
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const action = useAction(async () => {
    session.follow(await send('auth/sign-in-code', { email: session.draft.email.trim(), remember }));
  });
  useEffect(() => {
    // The app client does not allow USER_AUTH, or the pool sends no codes: stop offering it.
    if (action.error?.code === 'email-code-unavailable') setRefused(true);
  }, [action.error]);
  useEffect(() => setInvalid(undefined), [session.draft.email]);

  if (!choice) return null;
  const start = () => {
    const problem = checkEmail(session.draft.email);
    setInvalid(problem);
    if (!problem) void action.run();
  };
  return (
    <div class="form" data-testid="email-code">
      {!refused && (
        <>
          <p class="popup__or">{t('popup_emailCodeOr')}</p>
          <ActionButton onClick={start} disabled={disabled || action.pending} testId="email-code-start">
            {action.pending ? t('popup_emailCodeSending') : t('popup_emailCode')}
          </ActionButton>
        </>
      )}
      <ErrorAlert message={invalid ?? action.error?.message} testId="email-code-error" />
    </div>
  );
}
