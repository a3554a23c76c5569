// The background's side of "Email me a code", "Trust this browser" and Settings → Trusted
// devices: the handlers over a session owner with the in-memory Cognito, and who may send them.
import { describe, expect, it } from 'vitest';
import { noAlarms } from '../auth/ports.ts';
import { FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { useLanguage } from '../shared/i18n-fake.ts';
import { memoryKV } from '../shared/kv.ts';
import { LAST_EMAIL, getItem } from '../shared/storage-keys.ts';
import { createHandlers } from './handlers.ts';
import { route, type Context } from './router.ts';
import { createSessionOwner } from './session-owner.ts';

const popup: Context = { kind: 'page', origin: null };
const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };

async function setup() {
  const cognito = new FakeCognitoAuth();
  cognito.trackDevices = true;
  cognito.addUser('ada@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
  const durable = memoryKV();
  const prefs = memoryKV();
  const ui = memoryKV();
  const pending = memoryKV();
  const owner = await createSessionOwner({ settings: TEST_SETTINGS, durable, pending, alarms: noAlarms, cognito: async () => cognito });
  const handlers = createHandlers({
    owner,
    defaults: TEST_SETTINGS,
    saveSettings: async () => {},
    prefs,
    ui,
    panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
  });
  return { cognito, durable, prefs, ui, pending, handlers };
}

describe('sign-in choices through the handlers', () => {
  it('auth/sign-in-code answers the code step (never its session) and keeps the email only when asked', async () => {
    const { handlers, prefs } = await setup();
    const outcome = await handlers['auth/sign-in-code']({ email: 'Ada@Example.com', remember: true }, popup);
    expect(outcome).toEqual({ kind: 'mfa-required', mfa: { step: 'EMAIL_OTP', destination: 'a***@e***', signInCode: true } });
    expect(JSON.stringify(outcome)).not.toContain('session');
    expect(await getItem(prefs, LAST_EMAIL)).toBe('ada@example.com');
    expect(await handlers['auth/mfa-answer']({ answer: '123456' }, popup)).toMatchObject({ kind: 'signed-in' });
  });

  it('trust: true after the code puts the device secret in the durable store only, and devices/list marks this browser', async () => {
    const { handlers, durable, prefs, ui, pending } = await setup();
    await handlers['auth/sign-in']({ email: 'ada@example.com', password: 'Passw0rd!' }, popup);
    await handlers['auth/mfa-answer']({ answer: '123456', trust: true }, popup);
    const where = (kv: ReturnType<typeof memoryKV>) => [...kv.data.keys()].filter((k) => k.startsWith('devices:'));
    expect(where(durable)).toHaveLength(1);
    expect([...where(prefs), ...where(ui), ...where(pending)]).toEqual([]);
    expect(await handlers['devices/list'](undefined, popup)).toEqual([{ key: 'device-1', name: 'Cruddur Companion', thisBrowser: true }]);
    expect(await handlers['devices/forget']({ deviceKey: 'device-1' }, popup)).toEqual([]);
    expect(where(durable)).toEqual([]);
  });

  it('devices/list names a browser Cognito has no name for, in the user\'s language', async () => {
    const { handlers, cognito } = await setup();
    await handlers['auth/sign-in']({ email: 'ada@example.com', password: 'Passw0rd!' }, popup);
    await handlers['auth/mfa-answer']({ answer: '123456', trust: true }, popup);
    cognito.remembered.get('device-1')!.name = '';
    expect(await handlers['devices/list'](undefined, popup)).toEqual([{ key: 'device-1', name: 'Unnamed browser', thisBrowser: true }]);
    useLanguage('de');
    expect(await handlers['devices/list'](undefined, popup)).toEqual([{ key: 'device-1', name: 'Unbenannter Browser', thisBrowser: true }]);
  });

  it.each(['auth/sign-in-code', 'devices/list', 'devices/forget'] as const)('%s is refused from a content script', async (type) => {
    const { handlers } = await setup();
    const payload = type === 'devices/forget' ? { deviceKey: 'device-1' } : type === 'auth/sign-in-code' ? { email: 'ada@example.com' } : undefined;
    const answer = await route(handlers, EXT, { type, payload } as never, { id: EXT.id, url: 'https://evil.example/', tab: { id: 1 } }, () => []);
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
  });

  it('devices/list signed out asks to sign in', async () => {
    const { handlers } = await setup();
    await expect(handlers['devices/list'](undefined, popup)).rejects.toMatchObject({ code: 'signed-out' });
  });
});
