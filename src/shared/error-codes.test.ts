import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_ERROR_CODES, BACKGROUND_ERROR_CODES, errorKey, errorSentence, isWireErrorCode, PAGE_ERROR_CODES, WIRE_ERROR_CODES, type WireErrorCode } from './error-codes.ts';
import { CATALOGS, DEFAULT_LANGUAGE, useLanguage } from './i18n-fake.ts';

const SRC = join(import.meta.dirname, '..');
const english = CATALOGS[DEFAULT_LANGUAGE]!;
const errorKeys = Object.keys(english).filter((key) => key.startsWith('error_'));

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return [{ path: relative(SRC, path), text: readFileSync(path, 'utf8') }];
  });
}

describe('wire error codes', () => {
  it('lists each code once, in exactly one of core, background and page', () => {
    expect(new Set(WIRE_ERROR_CODES).size).toBe(WIRE_ERROR_CODES.length);
    expect(WIRE_ERROR_CODES.length).toBe(AUTH_ERROR_CODES.length + BACKGROUND_ERROR_CODES.length + PAGE_ERROR_CODES.length);
  });

  it.each([
    ['network', 'error_network'],
    ['managed-login-redirect-mismatch', 'error_managedLoginRedirectMismatch'],
    ['mfa-required-by-pool', 'error_mfaRequiredByPool'],
  ] as const)('%s is said by %s', (code, key) => {
    expect(errorKey(code)).toBe(key);
  });

  it.each(WIRE_ERROR_CODES)('%s has one plain sentence in the catalog', (code) => {
    expect(english[errorKey(code)]?.message).toBe(errorSentence(code));
    expect(errorSentence(code)).toMatch(/^[A-Z].*[.]$/);
    // Plain language: no exception names or HTTP jargon.
    expect(errorSentence(code)).not.toMatch(/Exception|HTTP|\b[45]\d\d\b|undefined/);
  });

  it('has no error sentence without a code, and no two codes say the same', () => {
    expect(errorKeys.sort()).toEqual(WIRE_ERROR_CODES.map(errorKey).sort());
    const sentences = WIRE_ERROR_CODES.map(errorSentence);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it.each<[WireErrorCode, RegExp]>([
    ['account-locked', /locked for a while.*Forgot password/],
    ['code-limit-exceeded', /Wait an hour/],
    ['password-reset-required', /code we emailed you and choose a new password/],
    ['email-code-unavailable', /Sign in with your password/],
    ['session-other-account', /another account than the one shown/],
  ])('%s says what happened and what to do', (code, sentence) => {
    expect(errorSentence(code)).toMatch(sentence);
  });

  it('says it in the user\'s language', () => {
    useLanguage('de');
    expect(errorSentence('incorrect-credentials')).toBe('E-Mail oder Passwort ist falsch.');
    useLanguage('ja');
    expect(errorSentence('network')).toBe('オフラインのようです。接続を確認して、もう一度お試しください。');
  });

  it.each([
    ['network', true],
    ['web-session-gone', true],
    ['cognito-unreachable', true],
    ['session-other-account', true],
    ['NotAuthorizedException', false],
    ['toString', false],
    ['constructor', false],
    [42, false],
  ])('isWireErrorCode(%j) is %s', (value, expected) => {
    expect(isWireErrorCode(value)).toBe(expected);
  });

  it.each(['popup', 'options', 'feed', 'content', 'welcome', 'shared/ui', 'background', 'auth'])('%s says a code\'s sentence through the catalog, never a copy of it', (folder) => {
    const copies = sources(join(SRC, folder)).flatMap(({ path, text }) =>
      WIRE_ERROR_CODES.map(errorSentence)
        .filter((sentence) => text.includes(`'${sentence}'`) || text.includes(`"${sentence}"`) || text.includes(`>${sentence}<`) || text.includes(`\`${sentence}\``))
        .map((sentence) => `${path}: ${sentence}`),
    );
    expect(copies).toEqual([]);
  });
});
