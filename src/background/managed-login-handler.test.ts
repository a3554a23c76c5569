import { describe, expect, it } from 'vitest';
import { SESSION_RECORD } from '../auth/session-store.ts';
import { fakeJwt, FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import { errorSentence } from '../shared/error-codes.ts';
import type { Settings } from '../shared/settings.ts';
import { getItem, POPUP_DRAFT, setItem } from '../shared/storage-keys.ts';
import { ManagedLogin, type IdentityApi } from './managed-login.ts';
import { backgroundRig, contentScript } from './testing.ts';

const DOMAIN = 'https://pool.auth.eu-west-1.amazoncognito.com';
const SETTINGS: Settings = { ...TEST_SETTINGS, managedLoginDomain: DOMAIN, identityProviders: ['StandIn'] };
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${SETTINGS.userPoolId}`;
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

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
  return { ...(await backgroundRig({ settings: SETTINGS, cognito, managedLogin })), windows };
}

describe('auth/managed-login', () => {
  it('signs in through the hosted pages into the one session, marked as managed login', async () => {
    const { call, windows, durable } = await setup();
    const outcome = await call('auth/managed-login', { provider: 'StandIn' });
    expect(outcome).toMatchObject({ kind: 'signed-in', state: { status: 'signed-in', user: { sub: 'ada', handle: 'ada' } } });
    expect(new URL(windows[0] ?? '').searchParams.get('identity_provider')).toBe('StandIn');
    expect(await getItem(durable, SESSION_RECORD)).toMatchObject({ via: 'managed-login', session: { refreshToken: 'R1', username: 'ada' } });
  });

  it('refuses a provider that Settings do not offer, without opening a window', async () => {
    const { call, windows } = await setup();
    await expect(call('auth/managed-login', { provider: 'Evil' })).rejects.toMatchObject({ code: 'invalid-parameter' });
    expect(windows).toEqual([]);
  });

  it('is for extension pages only: a content script cannot start it', async () => {
    const { route, windows } = await setup();
    const answer = await route({ type: 'auth/managed-login', payload: {} }, contentScript('https://cruddur.com/'));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
    expect(windows).toEqual([]);
  });

  it("leaves a failure's sentence for the sign-in view's next opening, keeping the rest of the draft", async () => {
    const { call, ui, owner } = await setup((state) => `${REDIRECT}?error=access_denied&state=${state}`);
    await setItem(ui, POPUP_DRAFT, { view: 'sign-in', email: 'ada@example.com' });
    await expect(call('auth/managed-login', { provider: 'StandIn' })).rejects.toMatchObject({ code: 'managed-login-denied' });
    expect(await getItem(ui, POPUP_DRAFT)).toEqual({ view: 'sign-in', email: 'ada@example.com', notice: errorSentence('managed-login-denied') });
    expect(owner.state.status).toBe('signed-out');
  });

  it('a closed window leaves everything as it was', async () => {
    const { call, ui, owner } = await setupCancelled();
    await setItem(ui, POPUP_DRAFT, { view: 'sign-in', email: 'ada@example.com' });
    expect(await call('auth/managed-login', {})).toEqual({ kind: 'cancelled' });
    expect(await getItem(ui, POPUP_DRAFT)).toEqual({ view: 'sign-in', email: 'ada@example.com' });
    expect(owner.state).toEqual({ status: 'signed-out' });
  });
});

/** A user who closes the window; the check request finds the sign-in page (nothing to report). */
async function setupCancelled() {
  const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: async () => Promise.reject(new Error('The user did not approve access.')) };
  const fetch = async () => ({ status: 200, url: `${DOMAIN}/login?client_id=${SETTINGS.clientId}`, json: async () => null }) as unknown as Response;
  return backgroundRig({ settings: SETTINGS, managedLogin: new ManagedLogin({ identity, fetch }) });
}

describe('auth/add-passkey', () => {
  it("opens managed login's /passkeys/add for our client and redirect URL; back at that URL: added, the session untouched", async () => {
    // The sign-in comes back with a code for its state; /passkeys/add (no state) to the bare redirect URL.
    const { call, windows, owner } = await setup((state) => (state ? `${REDIRECT}?code=C1&state=${state}` : REDIRECT));
    await call('auth/managed-login', {});
    const before = owner.state;
    expect(before.status).toBe('signed-in');
    expect(await call('auth/add-passkey', undefined)).toEqual({ added: true });
    const add = new URL(windows.at(-1) ?? '');
    expect(add.origin + add.pathname).toBe(`${DOMAIN}/passkeys/add`);
    expect(Object.fromEntries(add.searchParams)).toEqual({ client_id: SETTINGS.clientId, redirect_uri: REDIRECT });
    expect(owner.state).toEqual(before);
  });

  it('is for extension pages only: a content script cannot open it', async () => {
    const { route, windows } = await setup();
    const answer = await route({ type: 'auth/add-passkey', payload: undefined }, contentScript('https://cruddur.com/'));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: errorSentence('forbidden') } });
    expect(windows).toEqual([]);
  });
});
