/**
 * Checks the popup runs before sending anything, so an obvious slip costs no round trip.
 * Each returns a sentence to show beside the field (in the user's language), or undefined when
 * the value is fine.
 */
import { t } from '../i18n.ts';
import { meetsPolicy } from './password-policy.ts';

export type Check = (value: string) => string | undefined;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HANDLE = /^[A-Za-z0-9_]+$/;
const CODE = /^\d{6}$/;

export const checkEmail: Check = (v) =>
  !v.trim() ? t('check_emailMissing') : EMAIL.test(v.trim()) ? undefined : t('check_emailInvalid');

export const checkName: Check = (v) => (v.trim() ? undefined : t('check_nameMissing'));

export const checkHandle: Check = (v) =>
  !v ? t('check_handleMissing') : HANDLE.test(v) ? undefined : t('check_handleInvalid');

export const checkPasswordPresent: Check = (v) => (v ? undefined : t('check_passwordMissing'));

export const checkNewPassword: Check = (v) =>
  !v ? t('check_newPasswordMissing') : meetsPolicy(v) ? undefined : t('check_newPasswordWeak');

export const checkCode: Check = (v) => (CODE.test(normaliseCode(v)) ? undefined : t('check_code'));

export function checkRepeat(password: string, again: string): string | undefined {
  return password === again ? undefined : t('check_passwordsDiffer');
}

/** A handle as typed, minus the "@" users often type out of habit. */
export function normaliseHandle(v: string): string {
  return v.replace(/^@+/, '').trim();
}

/** An emailed code as pasted or typed: spaces anywhere (" 123456", "123 456") are not part of it. */
export function normaliseCode(v: string): string {
  return v.replace(/\s+/g, '');
}

/** Runs the checks of a form (or of some of its fields); the result has a message per failing field. */
export function runChecks<K extends string>(checks: Partial<Record<K, string | undefined>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of Object.keys(checks) as K[]) {
    const message = checks[key];
    if (message) out[key] = message;
  }
  return out;
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}
