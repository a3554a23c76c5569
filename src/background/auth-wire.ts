/**
 * The auth core's answers as the message contract carries them. The core (src/auth) has its own
 * types and knows nothing of the contract. Sign-in steps are copied field by field: the core
 * builds them beside a challenge session that must never leave the worker, so nothing it adds
 * to them later reaches a page unless it is named here. The rest is plain data that agrees with
 * the contract today: the type check is their map, and a change on either side fails it here.
 */
import { t } from '../shared/i18n.ts';
import type { AccountDevice, CodeSent, ConfirmStep, MfaStep, SignInStep, TotpSetup } from '../auth/auth-service.ts';
import type { TotpState } from '../auth/cognito-adapter.ts';
import type { ConfirmOutcome, MfaPrompt, SignInOutcome, TrustedBrowser } from '../shared/messages.ts';

export function toMfaPrompt(m: MfaStep): MfaPrompt {
  return {
    step: m.step,
    ...(m.destination ? { destination: m.destination } : {}),
    ...(m.options ? { options: m.options } : {}),
    ...(m.signInCode ? { signInCode: true } : {}),
    ...(m.remembersNoBrowsers ? { remembersNoBrowsers: true } : {}),
  };
}

export function toSignInOutcome(s: SignInStep): SignInOutcome {
  if (s.kind === 'signed-in') return { kind: s.kind, state: s.state };
  if (s.kind === 'mfa-required') return { kind: s.kind, mfa: toMfaPrompt(s.mfa) };
  if (s.kind === 'confirm-required') return { kind: s.kind, email: s.email, ...(s.destination ? { destination: s.destination } : {}) };
  return { kind: s.kind };
}

export function toConfirmOutcome(s: ConfirmStep): ConfirmOutcome {
  return s.kind === 'confirmed' ? { kind: s.kind } : toSignInOutcome(s);
}

export const toCodeSent = (s: CodeSent): { destination?: string } => s;
export const toTotpState = (s: TotpState): { enabled: boolean; preferred: boolean } => s;
export const toTotpSetup = (s: TotpSetup): { secret: string; uri: string } => s;
/** Trusted browsers Cognito knows no name for get one in the user's language (the core has no words). */
export const toTrustedBrowsers = (devices: AccountDevice[]): TrustedBrowser[] =>
  devices.map((device) => (device.name ? device : { ...device, name: t('bg_unnamedBrowser') }));
