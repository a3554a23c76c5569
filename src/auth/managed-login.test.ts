import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.ts';
import {
  authorizeErrorCode,
  base64Url,
  beginAuthorization,
  closedWindowCause,
  codeRequest,
  logoutUrl,
  poolIssuer,
  readRedirect,
  readTokenResponse,
  refreshRequest,
  revokeRequest,
  tokenEndpointError,
  type FlowCrypto,
  type ManagedLoginClient,
  type PendingAuthorization,
} from './managed-login.ts';
import { fakeJwt } from './testing.ts';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123';
const CLIENT: ManagedLoginClient = {
  domain: 'https://cruddur.auth.eu-west-1.amazoncognito.com',
  clientId: 'client-1',
  redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
  scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
  issuer: ISSUER,
};

/**
 * Randomness that hands out known bytes and checks what it is asked: 32 bytes per value, and a
 * hash of exactly the verifier it produced. The hash is real SHA-256 (Node's), so the challenge
 * is checked against RFC 7636's definition, not against the module's own arithmetic.
 */
function knownCrypto() {
  let call = 0;
  const hashed: string[] = [];
  const crypto: FlowCrypto = {
    randomBytes(length) {
      expect(length).toBe(32);
      call += 1;
      return new Uint8Array(length).fill(call);
    },
    async sha256(data) {
      hashed.push(new TextDecoder().decode(data));
      return Uint8Array.from(createHash('sha256').update(data).digest()).buffer;
    },
  };
  return { crypto, hashed };
}

const bytes = (value: number) => base64Url(new Uint8Array(32).fill(value));

async function begun(o: { provider?: string; prompt?: 'login' } = {}) {
  const { crypto, hashed } = knownCrypto();
  const started = await beginAuthorization(CLIENT, o, crypto);
  return { ...started, hashed };
}

describe('beginAuthorization', () => {
  it('asks for a code with PKCE S256, a state and a nonce, each fresh', async () => {
    const { url, pending, hashed } = await begun();
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(`${CLIENT.domain}/oauth2/authorize`);
    const q = Object.fromEntries(u.searchParams);
    const verifier = bytes(1);
    expect(q).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: CLIENT.redirectUri,
      scope: 'openid email aws.cognito.signin.user.admin',
      state: bytes(2),
      nonce: bytes(3),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(hashed).toEqual([verifier]);
    expect(pending).toEqual({ client: CLIENT, state: bytes(2), nonce: bytes(3), codeVerifier: verifier });
    // RFC 7636: 43 to 128 unreserved characters.
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
  });

  it('goes straight to a provider when one is asked for, and remembers it', async () => {
    const { url, pending } = await begun({ provider: 'StandIn' });
    expect(new URL(url).searchParams.get('identity_provider')).toBe('StandIn');
    expect(pending.provider).toBe('StandIn');
  });

  it('adds prompt=login only when asked', async () => {
    expect(new URL((await begun()).url).searchParams.has('prompt')).toBe(false);
    expect(new URL((await begun({ prompt: 'login' })).url).searchParams.get('prompt')).toBe('login');
  });

  it('uses the real Web Crypto by default: two flows never share a state, nonce or verifier', async () => {
    const [a, b] = await Promise.all([beginAuthorization(CLIENT), beginAuthorization(CLIENT)]);
    expect(a.pending.state).not.toBe(b.pending.state);
    expect(a.pending.nonce).not.toBe(b.pending.nonce);
    expect(a.pending.codeVerifier).not.toBe(b.pending.codeVerifier);
    const challenge = new URL(a.url).searchParams.get('code_challenge');
    expect(challenge).toBe(createHash('sha256').update(a.pending.codeVerifier).digest('base64url'));
  });
});

describe('readRedirect', () => {
  const pending = (o: Partial<PendingAuthorization> = {}): PendingAuthorization => ({ client: CLIENT, state: 'S1', nonce: 'N1', codeVerifier: 'V', ...o });
  const back = (query: string) => `${CLIENT.redirectUri}?${query}`;

  it('returns the code of our redirect with our state', () => {
    expect(readRedirect(back('code=abc&state=S1'), pending())).toEqual({ code: 'abc' });
  });

  it.each([
    ['another state', back('code=abc&state=S2')],
    ['no state', back('code=abc')],
    ['no code', back('state=S1')],
    ['another address', 'https://evil.example/?code=abc&state=S1'],
    ['another path on our address', `${CLIENT.redirectUri}extra?code=abc&state=S1`],
    ['tokens in a fragment', `${back('state=S1&code=abc')}#access_token=x`],
    ['a token in the query', back('state=S1&code=abc&access_token=x')],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_, url) => {
    expect(() => readRedirect(url, pending())).toThrow(expect.objectContaining({ code: 'managed-login-failed' }));
  });

  it('maps an error redirect with our state to its sentence; with another state it is not ours to believe', () => {
    expect(() => readRedirect(back('error=access_denied&state=S1'), pending())).toThrow(expect.objectContaining({ code: 'managed-login-denied' }));
    expect(() => readRedirect(back('error=access_denied&state=S9'), pending())).toThrow(expect.objectContaining({ code: 'managed-login-failed' }));
  });

  it('blames the provider for what a provider round trip ends with', () => {
    expect(() => readRedirect(back('error=invalid_request&state=S1'), pending({ provider: 'StandIn' }))).toThrow(
      expect.objectContaining({ code: 'managed-login-provider-error' }),
    );
    expect(() => readRedirect(back('error=invalid_request&state=S1'), pending())).toThrow(expect.objectContaining({ code: 'managed-login-failed' }));
  });
});

describe('authorizeErrorCode', () => {
  it.each([
    ['access_denied', false, 'managed-login-denied'],
    ['access_denied', true, 'managed-login-denied'],
    ['redirect_mismatch', false, 'managed-login-redirect-mismatch'],
    ['invalid_client', false, 'managed-login-unknown-client'],
    ['unauthorized_client', false, 'managed-login-not-allowed'],
    ['invalid_scope', false, 'managed-login-not-allowed'],
    ['server_error', false, 'service-unavailable'],
    ['server_error', true, 'managed-login-provider-error'],
    ['login_required', true, 'managed-login-provider-error'],
    ['something_new', false, 'managed-login-failed'],
  ] as const)('%s (through a provider: %s) → %s', (error, viaProvider, code) => {
    expect(authorizeErrorCode(error, viaProvider)).toBe(code);
  });
});

describe('requests to the domain', () => {
  it('exchanges the code with its verifier and redirect URI', () => {
    const r = codeRequest({ client: CLIENT, state: 'S', nonce: 'N', codeVerifier: 'V1' }, 'C1');
    expect(r.url).toBe(`${CLIENT.domain}/oauth2/token`);
    expect(Object.fromEntries(r.body)).toEqual({ grant_type: 'authorization_code', client_id: 'client-1', code: 'C1', redirect_uri: CLIENT.redirectUri, code_verifier: 'V1' });
  });

  it('refreshes, revokes and logs out at the domain', () => {
    const refresh = refreshRequest(CLIENT.domain, 'client-1', 'R1');
    expect(refresh.url).toBe(`${CLIENT.domain}/oauth2/token`);
    expect(Object.fromEntries(refresh.body)).toEqual({ grant_type: 'refresh_token', client_id: 'client-1', refresh_token: 'R1' });
    const revoke = revokeRequest(CLIENT.domain, 'client-1', 'R1');
    expect(revoke.url).toBe(`${CLIENT.domain}/oauth2/revoke`);
    expect(Object.fromEntries(revoke.body)).toEqual({ token: 'R1', client_id: 'client-1' });
    const logout = new URL(logoutUrl(CLIENT.domain, 'client-1', CLIENT.redirectUri));
    expect(logout.origin + logout.pathname).toBe(`${CLIENT.domain}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: 'client-1', logout_uri: CLIENT.redirectUri });
  });

  it('names the pool issuer as its tokens do, on AWS and locally', () => {
    expect(poolIssuer('https://cognito-idp.eu-west-1.amazonaws.com/', 'eu-west-1_AbC123')).toBe(ISSUER);
    expect(poolIssuer('http://127.0.0.1:9230', 'local_x')).toBe('http://127.0.0.1:9230/local_x');
  });
});

describe('readTokenResponse', () => {
  const now = Math.floor(Date.now() / 1000);
  const id = (claims: Record<string, unknown> = {}) =>
    fakeJwt({ iss: ISSUER, aud: 'client-1', token_use: 'id', sub: 'u1', nonce: 'N1', iat: now, exp: now + 3600, ...claims });
  const access = (claims: Record<string, unknown> = {}) =>
    fakeJwt({ iss: ISSUER, client_id: 'client-1', token_use: 'access', sub: 'u1', iat: now, exp: now + 3600, ...claims });
  const answer = (o: { id?: string; access?: string; refresh?: string | null } = {}) => ({
    id_token: o.id ?? id(),
    access_token: o.access ?? access(),
    ...(o.refresh === null ? {} : { refresh_token: o.refresh ?? 'R1' }),
    token_type: 'Bearer',
    expires_in: 3600,
  });
  const expect1 = { clientId: 'client-1', issuer: ISSUER, nonce: 'N1' };

  it('accepts tokens for our client from our pool, answering our nonce', () => {
    const body = answer();
    expect(readTokenResponse(200, body, expect1, 'code')).toEqual({ accessToken: body.access_token, idToken: body.id_token, refreshToken: 'R1' });
  });

  it.each([
    ['another nonce', { id: id({ nonce: 'N2' }) }],
    ['no nonce', { id: id({ nonce: undefined }) }],
    ['another audience', { id: id({ aud: 'client-2' }) }],
    ['another issuer', { id: id({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }) }],
    ['an access token as ID token', { id: access() }],
    ["another client's access token", { access: access({ client_id: 'client-2' }) }],
    ["another user's access token", { access: access({ sub: 'u2' }) }],
    ['no refresh token', { refresh: null }],
    ['garbage for a token', { id: 'not-a-jwt' }],
  ] as const)('refuses a code grant answer with %s', (_, o) => {
    expect(() => readTokenResponse(200, answer(o), expect1, 'code')).toThrow(expect.objectContaining({ code: 'managed-login-failed' }));
  });

  it('accepts a refresh without a nonce or a new refresh token (no rotation), and keeps a rotated one', () => {
    const kept = readTokenResponse(200, answer({ id: id({ nonce: undefined }), refresh: null }), { clientId: 'client-1', issuer: ISSUER }, 'refresh');
    expect(kept.refreshToken).toBeUndefined();
    const rotated = readTokenResponse(200, answer({ refresh: 'R2' }), { clientId: 'client-1', issuer: ISSUER }, 'refresh');
    expect(rotated.refreshToken).toBe('R2');
  });

  it('refuses a refresh answer of another client without signing anyone out', () => {
    expect(() => readTokenResponse(200, answer({ id: id({ aud: 'client-2' }) }), { clientId: 'client-1', issuer: ISSUER }, 'refresh')).toThrow(
      expect.objectContaining({ code: 'unknown' }),
    );
  });

  it('refuses a 200 that is not JSON', () => {
    expect(() => readTokenResponse(200, null, expect1, 'code')).toThrow(AuthError);
  });
});

describe('tokenEndpointError', () => {
  it.each([
    [400, { error: 'invalid_grant' }, 'refresh', 'session-expired', false],
    [400, { error: 'invalid_request' }, 'refresh', 'unknown', false],
    [400, '<html>garbage</html>', 'refresh', 'unknown', false],
    [500, { error: 'invalid_grant' }, 'refresh', 'service-unavailable', true],
    [429, null, 'refresh', 'too-many-requests', true],
    [400, { error: 'invalid_grant' }, 'code', 'managed-login-failed', false],
    [401, { error: 'invalid_client' }, 'code', 'managed-login-unknown-client', false],
    [400, { error: 'unauthorized_client' }, 'code', 'managed-login-not-allowed', false],
    [503, null, 'code', 'service-unavailable', true],
  ] as const)('%i %j on %s → %s', (status, body, grant, code, transient) => {
    const error = tokenEndpointError(status, body, grant);
    expect(error.code).toBe(code);
    expect(error.transient).toBe(transient);
  });
});

describe('closedWindowCause', () => {
  it("names managed login's own error page", () => {
    expect(closedWindowCause(`${CLIENT.domain}/error?error=redirect_mismatch&client_id=client-1`, CLIENT.domain)).toBe('managed-login-redirect-mismatch');
    expect(closedWindowCause(`${CLIENT.domain}/error?error=invalid_client&client_id=x`, CLIENT.domain)).toBe('managed-login-unknown-client');
  });

  it('says nothing for the sign-in page, a provider, or an error page elsewhere', () => {
    expect(closedWindowCause(`${CLIENT.domain}/login?client_id=client-1`, CLIENT.domain)).toBeNull();
    expect(closedWindowCause('https://accounts.example.com/error?error=redirect_mismatch', CLIENT.domain)).toBeNull();
    expect(closedWindowCause(`${CLIENT.domain}/error?error=invalid_request`, CLIENT.domain)).toBeNull();
    expect(closedWindowCause('', CLIENT.domain)).toBeNull();
  });
});
