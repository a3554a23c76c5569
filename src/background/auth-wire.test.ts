import { describe, expect, it } from 'vitest';
import type { SignInStep } from '../auth/auth-service.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { toConfirmOutcome, toSignInOutcome } from './auth-wire.ts';

const state: AuthState = { status: 'signed-in', user: { sub: 's', email: 'a@b.c', name: 'A', handle: 'a' }, offline: false };

describe('the auth core’s sign-in steps on the wire', () => {
  it.each<[string, SignInStep, unknown]>([
    ['signed in', { kind: 'signed-in', state }, { kind: 'signed-in', state }],
    ['a new password', { kind: 'new-password-required' }, { kind: 'new-password-required' }],
    ['a confirmation', { kind: 'confirm-required', email: 'a@b.c', destination: 'a***@b***' }, { kind: 'confirm-required', email: 'a@b.c', destination: 'a***@b***' }],
    [
      'an MFA step',
      { kind: 'mfa-required', mfa: { step: 'SELECT_MFA_TYPE', options: ['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA'], destination: 'a***' } },
      { kind: 'mfa-required', mfa: { step: 'SELECT_MFA_TYPE', options: ['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA'], destination: 'a***' } },
    ],
    [
      'an MFA step in a pool that remembers no browsers',
      { kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA', remembersNoBrowsers: true } },
      { kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA', remembersNoBrowsers: true } },
    ],
  ])('%s keeps what the page needs', (_, step, wire) => {
    expect(toSignInOutcome(step)).toStrictEqual(wire);
  });

  it('carries nothing the core did not name for the wire (a challenge session, a token)', () => {
    const step = { kind: 'mfa-required', mfa: { step: 'EMAIL_OTP', signInCode: true, session: 'challenge-session' }, tokens: 'secret' } as SignInStep;
    expect(toSignInOutcome(step)).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'EMAIL_OTP', signInCode: true } });
    const signedIn = { kind: 'signed-in', state, refreshToken: 'R1' } as SignInStep;
    expect(JSON.stringify(toConfirmOutcome(signedIn))).not.toContain('R1');
  });

  it('passes a confirmed account on as confirmed', () => {
    expect(toConfirmOutcome({ kind: 'confirmed' })).toStrictEqual({ kind: 'confirmed' });
  });
});
