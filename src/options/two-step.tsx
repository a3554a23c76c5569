/**
 * Settings → Two-step verification, for a signed-in user. It offers an authenticator app only
 * where sign-in will ask for it, and otherwise says why not.
 *
 * Whether sign-in will ask is the pool's setting (its MfaConfiguration and MFA kinds), which a
 * user cannot read: only an administrator can call GetUserPoolMfaConfig. What a user can do is
 * start a setup: AssociateSoftwareToken answers SoftwareTokenMFANotFoundException when
 * authenticator apps are not activated for the pool (AWS API reference), which is always the case
 * when its MFA is OFF. So the section starts the setup as it opens: the answer says whether to
 * offer it at all, and its key waits for "Set up" (an unverified key changes nothing at Cognito:
 * the account keeps its current app until a new one is verified).
 *
 * The QR code is drawn here from the key by uqr, never fetched. Keyboard: the code field after
 * "Set up", the "Set up" button after Cancel, the state line after turning on or off, "Keep it
 * on" when the question opens; Escape cancels the question.
 */
import { useEffect, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { t } from '../shared/i18n.ts';
import { RequestError, send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { SecretKey } from '../shared/ui/secret-key.tsx';
import { SubmitButton } from '../shared/ui/submit-button.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { TextField } from '../shared/ui/text-field.tsx';
import { useAction } from '../shared/ui/use-action.ts';

type TotpState = { enabled: boolean; preferred: boolean };
type Setup = { secret: string; uri: string };
/**
 * Whether sign-in would ask for an app (the probe's answer), with the key to set one up (null
 * once a key was used: the next setup asks for a new one).
 */
type Offer = { offered: true; setup: Setup | null } | { offered: false };

const focus = (id: string) => void requestAnimationFrame(() => document.getElementById(id)?.focus());

export function TwoStepSection() {
  const [state, setState] = useState<TotpState | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [settingUp, setSettingUp] = useState(false);
  const [confirmOff, setConfirmOff] = useState(false);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const load = useAction(async () => {
    setState(await send('mfa/totp-state'));
    try {
      setOffer({ offered: true, setup: await send('mfa/totp-setup-start') });
    } catch (e) {
      if (!(e instanceof RequestError && e.code === 'mfa-not-offered')) throw e;
      setOffer({ offered: false });
    }
  });
  useEffect(() => void load.run(), []);
  const start = useAction(async () => {
    setNotice(undefined);
    if (offer?.offered && !offer.setup) setOffer({ offered: true, setup: await send('mfa/totp-setup-start') });
    setSettingUp(true);
  });
  const enable = useAction(async () => {
    setState(await send('mfa/totp-enable', { code }));
    setOffer({ offered: true, setup: null });
    setSettingUp(false);
    setCode('');
    setNotice(t('options_twoStepTurnedOn'));
    focus('two-step-state');
  });
  const disable = useAction(async () => {
    setState(await send('mfa/totp-disable'));
    setConfirmOff(false);
    setNotice(t('options_twoStepTurnedOff'));
    focus('two-step-state');
  });
  const error = enable.error ?? disable.error ?? start.error ?? load.error;
  if (!state || !offer) return <ErrorAlert message={error?.message} testId="two-step-error" />;

  const cancelSetup = () => {
    setSettingUp(false);
    setCode('');
    enable.clearError();
    focus('two-step-set-up');
  };
  const keepOn = () => {
    setConfirmOff(false);
    focus('two-step-off');
  };
  const stateLine = t(!offer.offered ? (state.enabled ? 'options_twoStepOnNotAsked' : 'options_twoStepNotOffered') : state.enabled ? 'options_twoStepOn' : 'options_twoStepOff');

  return (
    <>
      <p id="two-step-state" tabIndex={-1} data-testid="two-step-state" data-enabled={state.enabled} data-offered={offer.offered}>
        {stateLine}
      </p>
      <Notice testId="two-step-notice">{error ? undefined : notice}</Notice>
      {offer.offered && offer.setup && settingUp ? (
        <form
          class="form two-step__setup"
          noValidate
          data-testid="two-step-setup"
          onSubmit={(e) => {
            e.preventDefault();
            void enable.run();
          }}
        >
          <p>{t('options_twoStepScan')}</p>
          <div class="two-step__qr" dangerouslySetInnerHTML={{ __html: renderSVG(offer.setup.uri) }} />
          <SecretKey secret={offer.setup.secret} testId="two-step-secret" />
          <TextField
            id="two-step-code"
            label={t('options_code')}
            inputMode="numeric"
            autocomplete="one-time-code"
            hint={t('options_twoStepCodeHint')}
            value={code}
            onValue={(v) => {
              setCode(v);
              enable.clearError();
            }}
            error={enable.error?.code === 'mfa-code-mismatch' ? enable.error.message : undefined}
            autoFocus
          />
          <div class="options__actions">
            <SubmitButton pending={enable.pending} pendingLabel={t('options_checking')} disabled={!code.trim()} testId="two-step-verify">
              {t('options_turnOn')}
            </SubmitButton>
            <ActionButton variant="link" onClick={cancelSetup} disabled={enable.pending} testId="two-step-cancel">
              {t('options_cancel')}
            </ActionButton>
          </div>
        </form>
      ) : null}
      {offer.offered && !state.enabled && !settingUp ? (
        <div class="options__actions">
          <ActionButton id="two-step-set-up" onClick={() => void start.run()} disabled={start.pending} testId="two-step-set-up">
            {t('options_setUpApp')}
          </ActionButton>
        </div>
      ) : null}
      {state.enabled && !confirmOff ? (
        <div class="options__actions">
          <ActionButton id="two-step-off" onClick={() => setConfirmOff(true)} testId="two-step-off">
            {t('options_turnOff')}
          </ActionButton>
        </div>
      ) : null}
      {confirmOff ? <TurnOffQuestion pending={disable.pending} onTurnOff={() => void disable.run()} onKeep={keepOn} /> : null}
      {/* Its own test id: the settings form below has a form-error of its own. */}
      <ErrorAlert message={enable.error?.code === 'mfa-code-mismatch' ? undefined : error?.message} testId="two-step-error" />
    </>
  );
}

/** "Turn off the authenticator app?": "Keep it on" has focus, and Escape answers it. */
function TurnOffQuestion({ pending, onTurnOff, onKeep }: { pending: boolean; onTurnOff: () => void; onKeep: () => void }) {
  useEffect(() => focus('two-step-keep'), []);
  return (
    <div
      role="group"
      aria-labelledby="two-step-off-q"
      data-testid="two-step-confirm"
      class="question"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || pending) return;
        e.preventDefault();
        onKeep();
      }}
    >
      <p id="two-step-off-q">{t('options_twoStepOffQuestion')}</p>
      <div class="options__actions">
        <ActionButton variant="danger" onClick={onTurnOff} disabled={pending} testId="two-step-off-confirm">
          {pending ? t('options_turningOff') : t('options_turnOff')}
        </ActionButton>
        <ActionButton id="two-step-keep" onClick={onKeep} disabled={pending} testId="two-step-keep">
          {t('options_keepOn')}
        </ActionButton>
      </div>
    </div>
  );
}
