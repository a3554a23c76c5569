/** The MFA view's words, as pure functions (tested without a browser). */
import type { MfaPrompt } from '../shared/messages.ts';
import { t } from '../shared/i18n.ts';

/** Where the code comes from, in the words of the field's hint. */
export function codeSource(mfa: MfaPrompt): string {
  switch (mfa.step) {
    case 'EMAIL_OTP':
      return mfa.destination ? t('popup_mfaCodeEmailedTo', mfa.destination) : t('popup_mfaCodeEmailed');
    case 'SMS_MFA':
      return mfa.destination ? t('popup_mfaCodeTextedTo', mfa.destination) : t('popup_mfaCodeTexted');
    default:
      return t('popup_mfaCodeAuthenticator');
  }
}
