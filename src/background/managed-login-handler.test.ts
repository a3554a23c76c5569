import { describe, expect, it } from 'vitest';
import { noAlarms } from '../auth/ports.ts';
import { SESSION_RECORD } from '../auth/session-store.ts';
import { fakeJwt, FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { memoryKV } from '../shared/kv.ts';
import type { Settings } from '../shared/settings.ts';
import { getItem, POPUP_DRAFT, setItem } from '../shared/storage-keys.ts';
import { createHandlers } from './handlers.ts';
import { ManagedLogin, type IdentityApi } from './managed-login.ts';
import { route, type Context } from './router.ts';
import { createSessionOwner } from './session-owner.ts';

const DOMAIN = 'https://pool.auth.eu-west-1.amazoncognito.com';
const SETTINGS: Settings = { ...TEST_SETTINGS, managedLoginDomain: DOMAIN, identityProviders: ['StandIn'] };
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${SETTINGS.userPoolId}`;
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const popup: Context = { kind: 'page', origin: null };
const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };

/** The hosted pages answer with `redirect(state)`; the token endpoint with tokens for the nonce it was sent. */
async function setup(redirect: (state: string) => string = (state) => `${REDIRECT}?code=C1&state=${state}`) {
  const windows: string[] = [];
  const identity: IdentityApi = {
    getRedirectURL: () => REDIRECT,
    async launchWebAuthFlow({ url }) {
      windows.push(url);
      return redirect(new URL(url).searchParams.get('state') ?? '');
    },
  };
  const now = Math.floor(Date.now() / 1000);
  const fetch = async () => {
    const nonce = new URL(windows.at(-1) ?? '').searchParams.get('nonce');
    const claims = { iss: ISSUER, sub: 'ada', iat: now, exp: now + 3600 };
    const body = {
      id_token: fakeJwt({ ...claims, aud: SETTINGS.clientId, token_use: 'id', nonce }),
      access_token: fakeJwt({ ...claims, client_id: SETTINGS.clientId, token_use: 'access', username: 'ada' }),
      refresh_token: 'R1',
    };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  };
  const cognito = new FakeCognitoAuth();
  cognito.addUser('ada', { name: 'Ada', handle: 'ada' });
  const managedLogin = new ManagedLogin({ identity, fetch });
  const durable = memoryKV();
  const ui = memoryKV();
  const owner = await createSessionOwner({ settings: SETTINGS, durable, pending: memoryKV(), alarms: noAlarms, cognito: async () => cognito, managedLogin: managedLogin.endpoints });
  const handlers = createHandlers({
    owner,
    defaults: SETTINGS,
    saveSettings: async () => {},
    prefs: memoryKV(),
    ui,
    panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
    managedLogin,
  });
  return { handlers, windows, durable, ui, owner };
}

describe('auth/managed-login', () => {
  it('signs in through the hosted pages into the one session, marked as managed login', async () => {
    const { handlers, windows, durable } = await setup();
    const outcome = await handlers['auth/managed-login']({ provider: 'StandIn' }, popup);
    expect(outcome).toMatchObject({ kind: 'signed-in', state: { status: 'signed-in', user: { sub: 'ada', handle: 'ada' } } });
    expect(new URL(windows[0] ?? '').searchParams.get('identity_provider')).toBe('StandIn');
    expect(await getItem(durable, SESSION_RECORD)).toMatchObject({ via: 'managed-login', session: { refreshToken: 'R1', username: 'ada' } });
  });

  it('refuses a provider that Settings do not offer, without opening a window', async () => {
    const { handlers, windows } = await setup();
    await expect(handlers['auth/managed-login']({ provider: 'Evil' }, popup)).rejects.toMatchObject({ code: 'invalid-parameter' });
    expect(windows).toEqual([]);
  });

  it('is for extension pages only: a content script cannot start it', async () => {
    const { handlers, windows } = await setup();
    const answer = await route(handlers, EXT, { type: 'auth/managed-login', payload: {} }, { id: EXT.id, url: 'https://cruddur.com/', tab: { id: 1 } }, () => ['https://cruddur.com']);
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
    expect(windows).toEqual([]);
  });

  it("leaves a failure's sentence for the sign-in view's next opening, keeping the rest of the draft", async () => {
    const { handlers, ui, owner } = await setup((state) => `${REDIRECT}?error=access_denied&state=${state}`);
    await setItem(ui, POPUP_DRAFT, { view: 'sign-in', email: 'ada@example.com' });
    await expect(handlers['auth/managed-login']({ provider: 'StandIn' }, popup)).rejects.toMatchObject({ code: 'managed-login-denied' });
    expect(await getItem(ui, POPUP_DRAFT)).toEqual({ view: 'sign-in', email: 'ada@example.com', notice: errorSentence('managed-login-denied') });
    expect(owner.state.status).toBe('signed-out');
  });

  it('a closed window leaves everything as it was', async () => {
    const { handlers, ui, owner } = await setupCancelled();
    await setItem(ui, POPUP_DRAFT, { view: 'sign-in', email: 'ada@example.com' });
    expect(await handlers['auth/managed-login']({}, popup)).toEqual({ kind: 'cancelled' });
    expect(await getItem(ui, POPUP_DRAFT)).toEqual({ view: 'sign-in', email: 'ada@example.com' });
    expect(owner.state).toEqual({ status: 'signed-out' });
  });
});

/** A user who closes the window; the check request finds the sign-in page (nothing to report). */
async function setupCancelled() {
  const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: async () => Promise.reject(new Error('The user did not approve access.')) };
  const fetch = async () => ({ status: 200, url: `${DOMAIN}/login?client_id=${SETTINGS.clientId}`, json: async () => null }) as unknown as Response;
  const managedLogin = new ManagedLogin({ identity, fetch });
  const ui = memoryKV();
  const owner = await createSessionOwner({ settings: SETTINGS, durable: memoryKV(), pending: memoryKV(), alarms: noAlarms, cognito: async () => new FakeCognitoAuth() });
  const handlers = createHandlers({
    owner,
    defaults: SETTINGS,
    saveSettings: async () => {},
    prefs: memoryKV(),
    ui,
    panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
    managedLogin,
  });
  return { handlers, ui, owner };
}

describe('auth/add-passkey', () => {
  it("opens managed login's /passkeys/add for our client and redirect URL; back at that URL: added, the session untouched", async () => {
    // The sign-in comes back with a code for its state; /passkeys/add (no state) to the bare redirect URL.
    const { handlers, windows, owner } = await setup((state) => (state ? `${REDIRECT}?code=C1&state=${state}` : REDIRECT));
    await handlers['auth/managed-login']({}, popup);
    const before = owner.state;
    expect(before.status).toBe('signed-in');
    expect(await handlers['auth/add-passkey'](undefined, popup)).toEqual({ added: true });
    const add = new URL(windows.at(-1) ?? '');
    expect(add.origin + add.pathname).toBe(`${DOMAIN}/passkeys/add`);
    expect(Object.fromEntries(add.searchParams)).toEqual({ client_id: SETTINGS.clientId, redirect_uri: REDIRECT });
    expect(owner.state).toEqual(before);
  });

  it('is for extension pages only: a content script cannot open it', async () => {
    const { handlers, windows } = await setup();
    const answer = await route(handlers, EXT, { type: 'auth/add-passkey', payload: undefined }, { id: EXT.id, url: 'https://cruddur.com/', tab: { id: 1 } }, () => ['https://cruddur.com']);
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
    expect(windows).toEqual([]);
  });
});
