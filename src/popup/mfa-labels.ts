/** The MFA view's words, as pure functions (tested without a browser). */
import type { MfaPrompt } from '../shared/messages.ts';

/** Where the code comes from, in the words of the field's hint. */
export function codeSource(mfa: MfaPrompt): string {
  switch (mfa.step) {
    case 'EMAIL_OTP':
      return mfa.destination ? `The code we emailed to ${mfa.destination}.` : 'The code we emailed you.';
    case 'SMS_MFA':
      return mfa.destination ? `The code we texted to ${mfa.destination}.` : 'The code we texted you.';
    default:
      return 'The code from your authenticator app.';
  }
}
