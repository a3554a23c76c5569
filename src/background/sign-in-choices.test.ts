// The background's side of "Email me a code", "Trust this browser" and Settings → Trusted
// devices: the handlers over a session owner with the in-memory Cognito, and who may send them.
import { describe, expect, it } from 'vitest';
import { FakeCognitoAuth } from '../auth/testing.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { useLanguage } from '../shared/i18n-fake.ts';
import { memoryKV } from '../shared/kv.ts';
import { LAST_EMAIL, getItem } from '../shared/storage-keys.ts';
import { backgroundRig, contentScript } from './testing.ts';

async function setup() {
  const cognito = new FakeCognitoAuth();
  cognito.trackDevices = true;
  cognito.addUser('ada@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
  const stores = { durable: memoryKV<'indexeddb'>(), prefs: memoryKV<'local'>(), ui: memoryKV<'session'>(), pending: memoryKV<'session'>() };
  return { ...(await backgroundRig({ cognito, ...stores })), ...stores };
}

describe('sign-in choices through the handlers', () => {
  it('auth/sign-in-code answers the code step (never its session) and keeps the email only when asked', async () => {
    const { call, prefs } = await setup();
    const outcome = await call('auth/sign-in-code', { email: 'Ada@Example.com', remember: true });
    expect(outcome).toEqual({ kind: 'mfa-required', mfa: { step: 'EMAIL_OTP', destination: 'a***@e***', signInCode: true } });
    expect(JSON.stringify(outcome)).not.toContain('session');
    expect(await getItem(prefs, LAST_EMAIL)).toBe('ada@example.com');
    expect(await call('auth/mfa-answer', { answer: '123456' })).toMatchObject({ kind: 'signed-in' });
  });

  it('trust: true after the code puts the device secret in the durable store only, and devices/list marks this browser', async () => {
    const { call, durable, prefs, ui, pending } = await setup();
    await call('auth/sign-in', { email: 'ada@example.com', password: 'Passw0rd!' });
    await call('auth/mfa-answer', { answer: '123456', trust: true });
    const where = (kv: { data: Map<string, unknown> }) => [...kv.data.keys()].filter((k) => k.startsWith('devices:'));
    expect(where(durable)).toHaveLength(1);
    expect([...where(prefs), ...where(ui), ...where(pending)]).toEqual([]);
    expect(await call('devices/list', undefined)).toEqual([{ key: 'device-1', name: 'Cruddur Companion', thisBrowser: true }]);
    expect(await call('devices/forget', { deviceKey: 'device-1' })).toEqual([]);
    expect(where(durable)).toEqual([]);
  });

  it('devices/list names a browser Cognito has no name for, in the user\'s language', async () => {
    const { call, cognito } = await setup();
    await call('auth/sign-in', { email: 'ada@example.com', password: 'Passw0rd!' });
    await call('auth/mfa-answer', { answer: '123456', trust: true });
    cognito.remembered.get('device-1')!.name = '';
    expect(await call('devices/list', undefined)).toEqual([{ key: 'device-1', name: 'Unnamed browser', thisBrowser: true }]);
    useLanguage('de');
    expect(await call('devices/list', undefined)).toEqual([{ key: 'device-1', name: 'Unbenannter Browser', thisBrowser: true }]);
  });

  it.each(['auth/sign-in-code', 'devices/list', 'devices/forget'] as const)('%s is refused from a content script', async (type) => {
    const { route } = await setup();
    const payload = type === 'devices/forget' ? { deviceKey: 'device-1' } : type === 'auth/sign-in-code' ? { email: 'ada@example.com' } : undefined;
    const answer = await route({ type, payload }, contentScript('https://evil.example/'));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
  });

  it('devices/list signed out asks to sign in', async () => {
    const { call } = await setup();
    await expect(call('devices/list', undefined)).rejects.toMatchObject({ code: 'signed-out' });
  });
});
