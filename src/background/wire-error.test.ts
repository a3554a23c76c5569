import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../auth/errors.ts';
import { AUTH_ERROR_CODES, BACKGROUND_ERROR_CODES, errorSentence } from '../shared/error-codes.ts';
import { useLanguage } from '../shared/i18n-fake.ts';
import { BackgroundError, notConfigured, toWireError } from './wire-error.ts';

afterEach(() => vi.restoreAllMocks());

describe('errors on the wire', () => {
  it.each(BACKGROUND_ERROR_CODES)('a background %s says its sentence from the catalog', (code) => {
    expect(toWireError(new BackgroundError(code))).toEqual({ code, message: errorSentence(code) });
  });

  it.each(AUTH_ERROR_CODES)('a core %s carries only its code; the sentence is attached here', (code) => {
    const error = new AuthError(code);
    expect(error.message).toBe(code);
    expect(toWireError(error)).toEqual({ code, message: errorSentence(code) });
  });

  it('attaches the catalog\'s words, in the user\'s language', () => {
    expect(toWireError(new AuthError('incorrect-credentials')).message).toBe('Incorrect email or password.');
    useLanguage('de');
    expect(toWireError(new AuthError('incorrect-credentials'))).toEqual({ code: 'incorrect-credentials', message: 'E-Mail oder Passwort ist falsch.' });
    expect(toWireError(notConfigured()).message).toMatch(/^Die Erweiterung ist noch nicht eingerichtet\./);
  });

  it('keeps a more specific sentence and the fields', () => {
    const e = new BackgroundError('invalid-crud', 'Choose when the crud expires.', { ttl: 'Choose one of the listed expiry times.' });
    expect(toWireError(e)).toEqual({ code: 'invalid-crud', message: 'Choose when the crud expires.', fields: { ttl: 'Choose one of the listed expiry times.' } });
  });

  it('says "not set up" with its code', () => {
    expect(toWireError(notConfigured())).toEqual({ code: 'not-configured', message: 'The extension is not set up yet. Open Settings and enter your Cognito pool and API.' });
  });

  it.each([new TypeError('Failed to fetch'), 'a string', null])('turns an unexpected %s into "unknown", never its text', (thrown) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(toWireError(thrown)).toEqual({ code: 'unknown', message: 'Something went wrong. Please try again.' });
    expect(log).toHaveBeenCalledOnce();
  });
});
