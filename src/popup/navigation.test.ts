import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import type { ConfirmOutcome } from '../shared/messages.ts';
import { isView, nextAfter, signedOutNotice, type Next } from './navigation.ts';

const signedIn: AuthState = {
  status: 'signed-in',
  user: { sub: 's-1', email: 'jane@example.com', name: 'Jane', handle: 'jane' },
  offline: false,
};

describe('where the popup goes after an auth outcome', () => {
  it.each<[string, ConfirmOutcome, Next]>([
    ['signed in → home with the new state', { kind: 'signed-in', state: signedIn }, { kind: 'state', state: signedIn }],
    [
      'admin-created user → new password',
      { kind: 'new-password-required' },
      { kind: 'view', view: 'new-password', notice: 'Choose a new password to finish signing in.' },
    ],
    [
      'unconfirmed → confirm, email carried over',
      { kind: 'confirm-required', email: 'jane@example.com', destination: 'j***@e***' },
      { kind: 'view', view: 'confirm', email: 'jane@example.com', notice: 'We sent a code to jane@example.com.' },
    ],
    [
      'confirmed without a password to sign in with → sign in',
      { kind: 'confirmed' },
      { kind: 'view', view: 'sign-in', notice: 'Your account is confirmed. Sign in to continue.' },
    ],
    ['MFA step → the MFA view, which asks the background for the step', { kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } }, { kind: 'view', view: 'mfa' }],
  ])('%s', (_scenario, outcome, next) => {
    expect(nextAfter(outcome)).toEqual(next);
  });
});

describe('why the user is signed out', () => {
  it.each<[AuthState | null, string | undefined]>([
    [{ status: 'signed-out', reason: 'session-expired' }, 'Your session has ended. Please sign in again.'],
    [{ status: 'signed-out', reason: 'global' }, 'You signed out of all devices.'],
    [{ status: 'signed-out', reason: 'settings-changed' }, 'The sign-in settings changed. Please sign in again.'],
    [{ status: 'signed-out', reason: 'user' }, undefined],
    [{ status: 'signed-out' }, undefined],
    [signedIn, undefined],
    [null, undefined],
  ])('%j → %j', (state, notice) => {
    expect(signedOutNotice(state)).toBe(notice);
  });
});

it.each([
  ['sign-in', true],
  ['reset', true],
  ['home', false],
  [undefined, false],
])('a stored draft view %j is restorable: %j', (view, ok) => {
  expect(isView(view)).toBe(ok);
});
