/**
 * MFA at sign-in: one view for every step Cognito may ask for. The step itself lives in the
 * background's pending store (session and all), so a popup closed mid-step resumes it here.
 */
import { renderSVG } from 'uqr';
import { useEffect, useState } from 'preact/hooks';
import { errorSentence } from '../../shared/error-codes.ts';
import type { MfaPrompt } from '../../shared/messages.ts';
import { send } from '../../shared/messaging.ts';
import { t, type MessageKey } from '../../shared/i18n.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { SecretKey } from '../../shared/ui/secret-key.tsx';
import { SubmitButton } from '../../shared/ui/submit-button.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { TextField } from '../../shared/ui/text-field.tsx';
import { useAction } from '../../shared/ui/use-action.ts';
import { Frame } from '../components/frame.tsx';
import { Links } from '../components/links.tsx';
import { codeSource } from '../mfa-labels.ts';
import type { Session } from '../use-session.ts';

const KIND_LABELS = {
  SOFTWARE_TOKEN_MFA: 'popup_mfaKindAuthenticator',
  EMAIL_OTP: 'popup_email',
  SMS_MFA: 'popup_mfaKindSms',
} as const satisfies Record<NonNullable<MfaPrompt['options']>[number], MessageKey>;

export function MfaStepView({ session }: { session: Session }) {
  const [mfa, setMfa] = useState<MfaPrompt | null | undefined>(undefined);
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [resent, setResent] = useState(false);

  const load = useAction(async () => {
    const pending = await send('auth/mfa-pending');
    if (!pending) return session.go('sign-in', { notice: errorSentence('mfa-session-expired') });
    setMfa(pending);
    if (pending.step === 'MFA_SETUP') setSetup(await send('auth/mfa-setup-start'));
  });
  useEffect(() => void load.run(), []);

  const answer = useAction(async (value: string) => {
    const outcome = await send('auth/mfa-answer', { answer: value, ...(trust ? { trust: true } : {}) });
    if (outcome.kind === 'mfa-required') {
      // The next step (after choosing a kind): a fresh, empty code field.
      setCode('');
      setMfa(outcome.mfa);
      return;
    }
    session.follow(outcome);
  });
  // "Email me a code": a new USER_AUTH sign-in, so a new code and a new session.
  const resend = useAction(async () => {
    const outcome = await send('auth/sign-in-code', { email: session.draft.email.trim() });
    if (outcome.kind !== 'mfa-required') return session.follow(outcome);
    setCode('');
    setMfa(outcome.mfa);
    setResent(true);
    answer.clearError();
  });
  const error = answer.error ?? resend.error ?? load.error;
  useEffect(() => {
    if (error?.code === 'mfa-session-expired') session.go('sign-in', { notice: error.message });
  }, [error]);

  const submit = (e: Event) => {
    e.preventDefault();
    void answer.run(code);
  };

  const title = mfa?.signInCode
    ? t('popup_mfaCodeTitle')
    : mfa?.step === 'MFA_SETUP'
      ? t('popup_mfaSetupTitle')
      : mfa?.step === 'SELECT_MFA_TYPE'
        ? t('popup_mfaChooseTitle')
        : t('popup_mfaEnterCode');
  return (
    <Frame title={title} view="mfa">
      {mfa?.step === 'SELECT_MFA_TYPE' ? (
        <div class="form" data-testid="mfa-choose">
          <Notice>{t('popup_mfaChoose')}</Notice>
          {(mfa.options ?? []).map((kind) => (
            <ActionButton key={kind} onClick={() => void answer.run(kind)} disabled={answer.pending} testId={`mfa-choose-${kind}`}>
              {t(KIND_LABELS[kind])}
            </ActionButton>
          ))}
          <ErrorAlert message={error?.message} />
        </div>
      ) : mfa ? (
        <form class="form" onSubmit={submit} aria-busy={answer.pending} noValidate data-testid="mfa-form">
          <Notice>{resent && !error ? t('popup_mfaResent') : undefined}</Notice>
          {mfa.step === 'MFA_SETUP' && setup ? (
            <div class="mfa-setup" data-testid="mfa-setup">
              <p>{t('popup_mfaScan')}</p>
              {/* Drawn here from the secret by uqr: nothing is fetched, the secret never leaves the device. */}
              <div class="mfa-qr" style={{ width: '140px', margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: renderSVG(setup.uri) }} />
              <SecretKey secret={setup.secret} testId="mfa-secret" />
            </div>
          ) : null}
          <TextField
            id="mfa-code"
            label={t('popup_code')}
            inputMode="numeric"
            autocomplete="one-time-code"
            hint={codeSource(mfa)}
            value={code}
            onValue={(v) => {
              setCode(v);
              answer.clearError();
            }}
            autoFocus
          />
          {!mfa.signInCode && !mfa.remembersNoBrowsers && (
            <label class="check">
              <input type="checkbox" id="trust-browser" checked={trust} onChange={(e) => setTrust(e.currentTarget.checked)} data-testid="field-trust-browser" />
              {t('popup_mfaTrust')}
            </label>
          )}
          <ErrorAlert message={error?.message} />
          <SubmitButton pending={answer.pending} pendingLabel={t('popup_checking')} disabled={!code.trim() || load.pending} testId="mfa-submit">
            {mfa.step === 'MFA_SETUP' ? t('popup_verifyAndSignIn') : t('popup_signIn')}
          </SubmitButton>
        </form>
      ) : (
        <ErrorAlert message={error?.message} />
      )}
      <Links>
        {mfa?.signInCode && (
          <ActionButton variant="link" onClick={() => void resend.run()} disabled={answer.pending || resend.pending} testId="mfa-resend">
            {t('popup_mfaResend')}
          </ActionButton>
        )}
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={answer.pending}>
          {t('popup_backToSignIn')}
        </ActionButton>
      </Links>
    </Frame>
  );
}
