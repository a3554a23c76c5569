import { describe, expect, it } from 'vitest';
import type { MfaPrompt } from '../shared/messages.ts';
import { codeSource } from './mfa-labels.ts';
import { useLanguage } from '../shared/i18n-fake.ts';

describe('where the MFA code comes from', () => {
  it.each<[MfaPrompt, string]>([
    [{ step: 'SOFTWARE_TOKEN_MFA' }, 'The code from your authenticator app.'],
    [{ step: 'MFA_SETUP' }, 'The code from your authenticator app.'],
    [{ step: 'EMAIL_OTP', destination: 'd***@c***' }, 'The code we emailed to d***@c***.'],
    [{ step: 'EMAIL_OTP' }, 'The code we emailed you.'],
    [{ step: 'SMS_MFA', destination: '+*******0100' }, 'The code we texted to +*******0100.'],
  ])('%o → %s', (mfa, label) => {
    expect(codeSource(mfa)).toBe(label);
  });

  it('says it in the browser\'s language', () => {
    useLanguage('de');
    expect(codeSource({ step: 'EMAIL_OTP', destination: 'd***@c***' })).toBe('Der Code per E-Mail an d***@c***.');
    useLanguage('ja');
    expect(codeSource({ step: 'SOFTWARE_TOKEN_MFA' })).toBe('認証アプリに表示されたコード。');
  });
});
