import { describe, expect, it, vi } from 'vitest';

// RequestError's module also sends messages; no extension API is used here.
vi.mock('../browser.ts', () => ({ browser: {} }));
import { RequestError } from '../messaging.ts';
import { COGNITO_UNREACHABLE_MESSAGE, toUiError } from './ui-error.ts';

const network = () => new RequestError({ code: 'network', message: 'You appear to be offline. Check your connection and try again.' });

describe('errors as the UI shows them', () => {
  it('says "Cognito cannot be reached" when Cognito fails with the browser online', () => {
    expect(toUiError(network(), true)).toEqual({ code: 'cognito-unreachable', message: COGNITO_UNREACHABLE_MESSAGE, fields: {} });
  });

  it('says "offline" when the browser is offline', () => {
    expect(toUiError(network(), false)).toMatchObject({ code: 'network', message: expect.stringMatching(/offline/) });
  });

  it('keeps the background\'s message and fields for anything else', () => {
    const e = new RequestError({ code: 'invalid-crud', message: 'Cruddur did not accept this crud.', fields: { message: 'Write something first.' } });
    expect(toUiError(e, true)).toEqual({ code: 'invalid-crud', message: 'Cruddur did not accept this crud.', fields: { message: 'Write something first.' } });
  });

  it('never shows a raw error', () => {
    expect(toUiError(new TypeError('Failed to fetch'))).toEqual({ code: 'unknown', message: 'Something went wrong. Please try again.', fields: {} });
  });
});
