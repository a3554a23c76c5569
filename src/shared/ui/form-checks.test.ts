import { describe, expect, it } from 'vitest';
import { useLanguage } from '../i18n-fake.ts';
import { checkCode, checkEmail, checkHandle, checkNewPassword, checkRepeat, normaliseCode, normaliseHandle, runChecks } from './form-checks.ts';
import { meetsPolicy, passwordRules } from './password-policy.ts';

describe('password hints tick as each rule is met', () => {
  it.each([
    ['', []],
    ['abc', ['lower']],
    ['ABC', ['upper']],
    ['12345678', ['length', 'number']],
    ['abcdefgH', ['length', 'upper', 'lower']],
    ['Abcdefg1', ['length', 'upper', 'lower', 'number']],
    ['Abcdef1!', ['length', 'upper', 'lower', 'number', 'symbol']],
    ['Ab1 cdef', ['length', 'upper', 'lower', 'number', 'symbol']],
    ['Abcdef1 ', ['length', 'upper', 'lower', 'number']],
    ['ÄÖÜäöü12', ['length', 'number']],
  ])('%j meets %j', (password, met) => {
    expect(passwordRules(password).filter((r) => r.met).map((r) => r.id)).toEqual(met);
    expect(meetsPolicy(password)).toBe(met.length === 5);
  });

  it('lists every rule in a fixed order with a readable label', () => {
    expect(passwordRules('').map((r) => r.label)).toEqual([
      '8 or more characters',
      'an uppercase letter',
      'a lowercase letter',
      'a number',
      'a symbol',
    ]);
  });
});

describe('form checks before anything is sent', () => {
  it.each([
    ['', 'Enter your email address.'],
    ['   ', 'Enter your email address.'],
    ['jane', 'Enter an email address such as you@example.com.'],
    ['jane@example', 'Enter an email address such as you@example.com.'],
    ['jane@example.com', undefined],
    [' jane@example.com ', undefined],
  ])('email %j → %j', (value, expected) => {
    expect(checkEmail(value)).toBe(expected);
  });

  it.each([
    ['', 'Choose a handle.'],
    ['jane_doe1', undefined],
    ['jane.doe', 'Use only letters, digits and underscores.'],
    ['jane doe', 'Use only letters, digits and underscores.'],
  ])('handle %j → %j', (value, expected) => {
    expect(checkHandle(value)).toBe(expected);
  });

  it.each([
    ['@jane', 'jane'],
    ['@@jane ', 'jane'],
    ['jane', 'jane'],
  ])('a typed "@" is dropped from the handle: %j → %j', (typed, handle) => {
    expect(normaliseHandle(typed)).toBe(handle);
  });

  it.each([
    ['123456', undefined],
    [' 123456 ', undefined],
    ['123 456', undefined],
    ['12345', 'Enter the 6-digit code from the email.'],
    ['1234567', 'Enter the 6-digit code from the email.'],
    ['12a456', 'Enter the 6-digit code from the email.'],
  ])('code %j → %j', (value, expected) => {
    expect(checkCode(value)).toBe(expected);
  });

  it.each([
    [' 123456', '123456'],
    ['123 456', '123456'],
    ['\t123456\n', '123456'],
  ])('a pasted code is sent without its spaces: %j → %j', (pasted, code) => {
    expect(normaliseCode(pasted)).toBe(code);
  });

  it.each([
    ['', 'Choose a password.'],
    ['weak', 'This password does not meet every rule below.'],
    ['Str0ng!pw', undefined],
  ])('new password %j → %j', (value, expected) => {
    expect(checkNewPassword(value)).toBe(expected);
  });

  it('says so when the repeated password differs', () => {
    expect(checkRepeat('Str0ng!pw', 'Str0ng!pW')).toBe('Passwords do not match.');
    expect(checkRepeat('Str0ng!pw', 'Str0ng!pw')).toBeUndefined();
  });

  it('collects only the failing fields', () => {
    expect(runChecks({ email: checkEmail('x'), code: checkCode('123456') })).toEqual({
      email: 'Enter an email address such as you@example.com.',
    });
  });
});

describe('checks in the user\'s language', () => {
  it('speaks German when the browser does', () => {
    useLanguage('de');
    expect(checkEmail('ada@example')).toBe('Gib eine E-Mail-Adresse wie du@example.com ein.');
    expect(checkRepeat('a', 'b')).toBe('Passwörter stimmen nicht überein.');
    expect(passwordRules('').map((r) => r.label)).toEqual(['8 oder mehr Zeichen', 'ein Großbuchstabe', 'ein Kleinbuchstabe', 'eine Zahl', 'ein Symbol']);
  });
});
