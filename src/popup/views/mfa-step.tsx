/**
 * MFA at sign-in: one view for every step Cognito may ask for. The step itself lives in the
 * background's pending store (session and all), so a popup closed mid-step resumes it here.
 */
import { renderSVG } from 'uqr';
import { useEffect, useState } from 'preact/hooks';
import { errorSentence } from '../../shared/error-codes.ts';
import type { MfaPrompt } from '../../shared/messages.ts';
import { send } from '../../shared/messaging.ts';
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

const KIND_LABELS: Record<NonNullable<MfaPrompt['options']>[number], string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  EMAIL_OTP: 'Email',
  SMS_MFA: 'Text message',
};

const EXPIRED_NOTICE = errorSentence('mfa-session-expired');

/** The words of "Email me a code" and "Trust this browser" on this view. */
const TEXT = {
  codeTitle: 'Enter the code we emailed you',
  resend: 'Email me a new code',
  resent: 'We sent a new code. Only the newest one works.',
  trust: 'Trust this browser: no code at my next sign-in here',
} as const;

export function MfaStepView({ session }: { session: Session }) {
  const [mfa, setMfa] = useState<MfaPrompt | null | undefined>(undefined);
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [resent, setResent] = useState(false);

  const load = useAction(async () => {
    const pending = await send('auth/mfa-pending');
    if (!pending) return session.go('sign-in', { notice: EXPIRED_NOTICE });
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
    ? TEXT.codeTitle
    : mfa?.step === 'MFA_SETUP'
      ? 'Set up your authenticator app'
      : mfa?.step === 'SELECT_MFA_TYPE'
        ? 'Choose how to verify'
        : 'Enter your code';
  return (
    <Frame title={title} view="mfa">
      {mfa?.step === 'SELECT_MFA_TYPE' ? (
        <div class="form" data-testid="mfa-choose">
          <Notice>Your account asks for a second step. How do you want to get your code?</Notice>
          {(mfa.options ?? []).map((kind) => (
            <ActionButton key={kind} onClick={() => void answer.run(kind)} disabled={answer.pending} testId={`mfa-choose-${kind}`}>
              {KIND_LABELS[kind]}
            </ActionButton>
          ))}
          <ErrorAlert message={error?.message} />
        </div>
      ) : mfa ? (
        <form class="form" onSubmit={submit} aria-busy={answer.pending} noValidate data-testid="mfa-form">
          <Notice>{resent && !error ? TEXT.resent : undefined}</Notice>
          {mfa.step === 'MFA_SETUP' && setup ? (
            <div class="mfa-setup" data-testid="mfa-setup">
              <p>Scan this code with an authenticator app, or type the key into it.</p>
              {/* Drawn here from the secret by uqr: nothing is fetched, the secret never leaves the device. */}
              <div class="mfa-qr" style={{ width: '140px', margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: renderSVG(setup.uri) }} />
              <SecretKey secret={setup.secret} testId="mfa-secret" />
            </div>
          ) : null}
          <TextField
            id="mfa-code"
            label="Code"
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
          {!mfa.signInCode && (
            <label class="check">
              <input type="checkbox" id="trust-browser" checked={trust} onChange={(e) => setTrust(e.currentTarget.checked)} data-testid="field-trust-browser" />
              {TEXT.trust}
            </label>
          )}
          <ErrorAlert message={error?.message} />
          <SubmitButton pending={answer.pending} pendingLabel="Checking…" disabled={!code.trim() || load.pending} testId="mfa-submit">
            {mfa.step === 'MFA_SETUP' ? 'Verify and sign in' : 'Sign in'}
          </SubmitButton>
        </form>
      ) : (
        <ErrorAlert message={error?.message} />
      )}
      <Links>
        {mfa?.signInCode && (
          <ActionButton variant="link" onClick={() => void resend.run()} disabled={answer.pending || resend.pending} testId="mfa-resend">
            {TEXT.resend}
          </ActionButton>
        )}
        <ActionButton variant="link" onClick={() => session.go('sign-in')} disabled={answer.pending}>
          Back to sign in
        </ActionButton>
      </Links>
    </Frame>
  );
}
