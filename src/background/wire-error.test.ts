import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../auth/errors.ts';
import { AUTH_ERROR_CODES, BACKGROUND_ERROR_CODES, PLAIN_MESSAGES } from '../shared/error-codes.ts';
import { BackgroundError, notConfigured, toWireError } from './wire-error.ts';

afterEach(() => vi.restoreAllMocks());

describe('errors on the wire', () => {
  it.each(BACKGROUND_ERROR_CODES)('a background %s says its sentence from the one table', (code) => {
    expect(toWireError(new BackgroundError(code))).toEqual({ code, message: PLAIN_MESSAGES[code] });
  });

  it.each(AUTH_ERROR_CODES)('a core %s says its sentence from the one table', (code) => {
    expect(toWireError(new AuthError(code))).toEqual({ code, message: PLAIN_MESSAGES[code] });
  });

  it('keeps a more specific sentence and the fields', () => {
    const e = new BackgroundError('invalid-crud', 'Choose when the crud expires.', { ttl: 'Choose one of the listed expiry times.' });
    expect(toWireError(e)).toEqual({ code: 'invalid-crud', message: 'Choose when the crud expires.', fields: { ttl: 'Choose one of the listed expiry times.' } });
  });

  it('says "not set up" with its code', () => {
    expect(toWireError(notConfigured())).toEqual({ code: 'not-configured', message: PLAIN_MESSAGES['not-configured'] });
  });

  it.each([new TypeError('Failed to fetch'), 'a string', null])('turns an unexpected %s into "unknown", never its text', (thrown) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(toWireError(thrown)).toEqual({ code: 'unknown', message: PLAIN_MESSAGES.unknown });
    expect(log).toHaveBeenCalledOnce();
  });
});
