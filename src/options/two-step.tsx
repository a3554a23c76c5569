/**
 * Settings → Two-step verification, for a signed-in user: whether an authenticator app is on,
 * setting one up (QR code drawn here from the secret, never fetched; then the first code), and
 * turning it off after a confirmation. Signed out, the section says to sign in first.
 */
import { useEffect, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { SubmitButton } from '../shared/ui/submit-button.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { TextField } from '../shared/ui/text-field.tsx';
import { useAction } from '../shared/ui/use-action.ts';

type TotpState = { enabled: boolean; preferred: boolean };

export function TwoStepSection() {
  const [state, setState] = useState<TotpState | null>(null);
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [confirmOff, setConfirmOff] = useState(false);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const load = useAction(async () => setState(await send('mfa/totp-state')));
  useEffect(() => void load.run(), []);
  const start = useAction(async () => {
    setNotice(undefined);
    setSetup(await send('mfa/totp-setup-start'));
  });
  const enable = useAction(async () => {
    setState(await send('mfa/totp-enable', { code }));
    setSetup(null);
    setCode('');
    setNotice('Your authenticator app is on. Sign-in will ask for its code.');
  });
  const disable = useAction(async () => {
    setConfirmOff(false);
    setState(await send('mfa/totp-disable'));
    setNotice('Your authenticator app is off.');
  });
  const error = enable.error ?? disable.error ?? start.error ?? load.error;
  const signedOut = error?.code === 'signed-out' || error?.code === 'session-expired';

  return (
    <section class="options__section" data-testid="two-step" aria-labelledby="two-step-title">
      <h2 id="two-step-title">Two-step verification</h2>
      {signedOut ? (
        <p>Sign in from the toolbar button to change your two-step verification.</p>
      ) : (
        <>
          {state ? (
            <p data-testid="two-step-state">
              Authenticator app: <strong>{state.enabled ? 'on' : 'off'}</strong>
            </p>
          ) : null}
          <Notice testId="two-step-notice">{notice}</Notice>
          {setup ? (
            <form
              class="form"
              noValidate
              data-testid="two-step-setup"
              onSubmit={(e) => {
                e.preventDefault();
                void enable.run();
              }}
            >
              <p>Scan this code with your authenticator app, or type the key into it.</p>
              {/* Drawn here by uqr: the secret never leaves the device. */}
              <div style={{ width: '160px' }} dangerouslySetInnerHTML={{ __html: renderSVG(setup.uri) }} />
              <p>
                Key:{' '}
                <code data-testid="two-step-secret" style={{ userSelect: 'all', wordBreak: 'break-all' }}>
                  {setup.secret}
                </code>
              </p>
              <TextField
                id="two-step-code"
                label="Code"
                inputMode="numeric"
                autocomplete="one-time-code"
                hint="The code your authenticator app shows now."
                value={code}
                onValue={(v) => {
                  setCode(v);
                  enable.clearError();
                }}
                // The button that opened this form is gone: focus goes where the next thing to type is.
                autoFocus
              />
              <SubmitButton pending={enable.pending} pendingLabel="Checking…" disabled={!code.trim()} testId="two-step-verify">
                Turn on
              </SubmitButton>
            </form>
          ) : state && !state.enabled ? (
            <ActionButton onClick={() => void start.run()} disabled={start.pending} testId="two-step-set-up">
              Set up authenticator app
            </ActionButton>
          ) : null}
          {state?.enabled && !confirmOff ? (
            <ActionButton onClick={() => setConfirmOff(true)} testId="two-step-off">
              Turn off
            </ActionButton>
          ) : null}
          {confirmOff ? (
            <div role="alertdialog" aria-labelledby="two-step-off-q" data-testid="two-step-confirm">
              <p id="two-step-off-q">Turn off the authenticator app? Sign-in will no longer ask for its code.</p>
              <div class="options__actions">
                <ActionButton onClick={() => void disable.run()} disabled={disable.pending} testId="two-step-off-confirm">
                  {disable.pending ? 'Turning off…' : 'Turn off'}
                </ActionButton>
                <ActionButton variant="link" onClick={() => setConfirmOff(false)} disabled={disable.pending}>
                  Keep it on
                </ActionButton>
              </div>
            </div>
          ) : null}
          {/* Its own test id: the settings form above has a form-error of its own. */}
          <ErrorAlert message={error?.message} testId="two-step-error" />
        </>
      )}
    </section>
  );
}
