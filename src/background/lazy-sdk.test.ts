import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CognitoAdapter } from '../auth/cognito-adapter.ts';
import { FAKE_COGNITO_URL, FakeCognitoAuth, TEST_SETTINGS, fakeCognitoEndpoint } from '../auth/testing.ts';
import { memoryKV } from '../shared/kv.ts';
import { createSessionOwner } from './session-owner.ts';

// Counts how often the adapter asks for the Cognito SDK (in the extension build that call is
// what evaluates the SDK; see src/auth/lazy-cognito-sdk.ts). The adapter keeps what it got, so
// the tests below run in order: first the wake that must not load it, then the first call.
vi.mock('../auth/lazy-cognito-sdk.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../auth/lazy-cognito-sdk.ts')>();
  return { loadCognitoSdk: vi.fn(real.loadCognitoSdk) };
});
const { loadCognitoSdk } = await import('../auth/lazy-cognito-sdk.ts');

const SETTINGS = TEST_SETTINGS;
const options = (durable: ReturnType<typeof memoryKV<'indexeddb'>>) => ({ settings: SETTINGS, durable, pending: memoryKV<'session'>(), alarms: { schedule() {}, clear() {} } });

describe('the Cognito SDK is loaded on the first Cognito call only', () => {
  it('a worker wake that serves the state and the feed (valid token) never loads the SDK', async () => {
    // Sign in once (fake Cognito), then wake a new owner on the same storage with the real adapter.
    const durable = memoryKV<'indexeddb'>();
    const cognito = new FakeCognitoAuth();
    cognito.addUser('ada@example.com');
    const first = await createSessionOwner({ ...options(durable), cognito: async () => cognito });
    await first.auth.signIn('ada@example.com', 'Passw0rd!');
    const token = (durable.data.get('session') as { session: { accessToken: string } }).session.accessToken;

    const sent: (string | null)[] = [];
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new Headers(init?.headers).get('Authorization'));
      return new Response('[]', { headers: { 'Content-Type': 'application/json' } });
    });
    const woken = await createSessionOwner({ ...options(durable), fetch });
    expect(woken.state).toMatchObject({ status: 'signed-in' });
    await woken.homeFeed();
    expect(sent).toEqual([`Bearer ${token}`]);
    expect(loadCognitoSdk).not.toHaveBeenCalled();
  });

  it('the first Cognito call loads the SDK once, and later calls reuse it', async () => {
    // The library's own calls go through the global fetch.
    const delivered = () => ({ CodeDeliveryDetails: { Destination: 'a***@e***' } });
    const endpoint = fakeCognitoEndpoint({ ForgotPassword: delivered, ResendConfirmationCode: delivered });
    vi.stubGlobal('fetch', endpoint.fetch);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const storage = { getItem: () => null, setItem() {}, removeItem() {}, clear() {} };
    const adapter = new CognitoAdapter({ ...SETTINGS, endpoint: FAKE_COGNITO_URL }, { storage });
    expect(loadCognitoSdk).not.toHaveBeenCalled();

    expect(await adapter.forgotPassword('ada@example.com')).toEqual({ destination: 'a***@e***' });
    expect(await adapter.resendCode('ada@example.com')).toEqual({ destination: 'a***@e***' });
    expect(endpoint.calls.map((c) => [c.operation, c.params.Username])).toEqual([
      ['ForgotPassword', 'ada@example.com'],
      ['ResendConfirmationCode', 'ada@example.com'],
    ]);
    expect(loadCognitoSdk).toHaveBeenCalledTimes(1);
  });
});
