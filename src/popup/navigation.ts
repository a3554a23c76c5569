/**
 * Where the popup goes next: pure functions of an outcome or a sign-out reason, so the view
 * logic is tested without a browser.
 */
import type { AuthState, SignOutReason } from '../shared/auth-state.ts';
import type { ConfirmOutcome } from '../shared/messages.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { t } from '../shared/i18n.ts';

export type View = 'sign-in' | 'sign-up' | 'confirm' | 'forgot' | 'reset' | 'new-password' | 'mfa';

const VIEWS: readonly View[] = ['sign-in', 'sign-up', 'confirm', 'forgot', 'reset', 'new-password', 'mfa'];

export function isView(value: unknown): value is View {
  return typeof value === 'string' && (VIEWS as readonly string[]).includes(value);
}

export type Next =
  | { kind: 'state'; state: AuthState }
  | { kind: 'view'; view: View; email?: string; notice?: string };

// Functions, not constants: each sentence is read from the catalog when it is said.
export const sentCodeNotice = (email: string) => t('popup_sentCode', email);
export const resentCodeNotice = (email: string) => t('popup_resentCode', email);
export const confirmedNotice = () => t('popup_confirmed');
export const newPasswordNotice = () => t('popup_newPasswordNeeded');
/** After a password reset that signed the user in: said on home. */
export const passwordSetNotice = () => t('popup_passwordSet');

/** After sign-in, confirming, a new password or a reset: home, or the step still missing. */
export function nextAfter(outcome: ConfirmOutcome): Next {
  switch (outcome.kind) {
    case 'signed-in':
      return { kind: 'state', state: outcome.state };
    case 'new-password-required':
      return { kind: 'view', view: 'new-password', notice: newPasswordNotice() };
    case 'confirm-required':
      // The address the user typed reads better than Cognito's masked destination.
      return { kind: 'view', view: 'confirm', email: outcome.email, notice: sentCodeNotice(outcome.email) };
    case 'confirmed':
      return { kind: 'view', view: 'sign-in', notice: confirmedNotice() };
    case 'mfa-required':
      // The step itself (code, choice, setup) is asked of the background by the MFA view.
      return { kind: 'view', view: 'mfa' };
  }
}

const REASONS: Partial<Record<SignOutReason, () => string>> = {
  'session-expired': () => errorSentence('session-expired'),
  global: () => t('popup_signedOutEverywhere'),
  'settings-changed': () => t('popup_settingsChanged'),
};

/** Why the user is looking at "Sign in" again; nothing when they just pressed "Sign out". */
export function signedOutNotice(state: AuthState | null): string | undefined {
  return state?.status === 'signed-out' && state.reason ? REASONS[state.reason]?.() : undefined;
}
