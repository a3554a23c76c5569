// The local stack as a client sees it: a real cognito-local and the real API (started once per
// run by test/support/global-stack.ts), no mocks. Each test makes its own users.
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureAppClient } from '../../scripts/lib/bootstrap.ts';
import { confirm, readyUser, signIn, signUp, stackCognito, uniqueUser, type Tokens } from '../support/users.ts';

const stack = inject('stack');

interface Activity {
  uuid: string;
  handle: string;
  display_name: string;
  message: string;
  created_at: string;
  expires_at: string;
}

function api(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${stack.apiUrl}${path}`, { ...init, headers });
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

describe('a new user, from sign-up to posting a crud', () => {
  const user = uniqueUser('journey');
  let tokens: Tokens;

  it('signs up, confirms with the emailed code and signs in with USER_PASSWORD_AUTH', async () => {
    await signUp(stack, user);
    const code = await confirm(stack, user);
    expect(code).toMatch(/^\d{6}$/);

    tokens = await signIn(stack, user);
    // The issuer the API is configured with is exactly what the front writes in `iss`.
    expect(claims(tokens.accessToken)).toMatchObject({
      iss: stack.issuer,
      token_use: 'access',
      client_id: stack.clientId,
    });
    // Local tokens live 1 h, like AWS's default, so hourly refresh is exercised locally too.
    const { iat, exp } = claims(tokens.accessToken) as { iat: number; exp: number };
    expect(exp - iat).toBe(3600);
  });

  it('reads a home feed that is public without a token and personalised with one', async () => {
    const anonymous = await api('/api/activities/home');
    expect(anonymous.status).toBe(200);
    const publicFeed = (await anonymous.json()) as Activity[];
    expect(publicFeed.length).toBeGreaterThan(0);
    expect(publicFeed.some((a) => a.message.includes(`@${user.handle}`))).toBe(false);

    const personal = await api('/api/activities/home', { token: tokens.accessToken });
    expect(personal.status).toBe(200);
    const feed = (await personal.json()) as Activity[];
    expect(feed.some((a) => a.message.includes(`@${user.handle}`))).toBe(true);
  });

  it('is told who it is by GET /api/me', async () => {
    const res = await api('/api/me', { token: tokens.accessToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sub: claims(tokens.accessToken).sub,
      email: user.email,
      name: user.name,
      handle: user.handle,
    });
  });

  it('posts a crud that then shows in the home feed and on its @handle page', async () => {
    const message = `Hello from ${user.handle} at ${new Date().toISOString()}`;
    const posted = await api('/api/activities', {
      method: 'POST',
      token: tokens.accessToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message, ttl: '1-day' }),
    });
    expect(posted.status).toBe(200);
    const crud = (await posted.json()) as Activity;
    expect(crud).toMatchObject({ message, handle: user.handle, display_name: user.name });
    expect(Date.parse(crud.expires_at) - Date.parse(crud.created_at)).toBe(24 * 3600 * 1000);

    const home = (await (await api('/api/activities/home', { token: tokens.accessToken })).json()) as Activity[];
    expect(home.find((a) => a.uuid === crud.uuid)).toMatchObject({ message, handle: user.handle });
    const page = (await (await api(`/api/activities/@${user.handle}`)).json()) as Activity[];
    expect(page.map((a) => a.uuid)).toContain(crud.uuid);
  });

  it('gets 422 with Cruddur codes for a bad crud', async () => {
    const res = await api('/api/activities', {
      method: 'POST',
      token: tokens.accessToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: '  ', ttl: 'forever' }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(['message_blank', 'ttl_invalid']);
  });

  it('keeps working with an access token from REFRESH_TOKEN_AUTH', async () => {
    const cognito = stackCognito(stack);
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
      }),
    );
    cognito.destroy();
    const accessToken = refreshed.AuthenticationResult?.AccessToken ?? '';
    expect(accessToken).not.toBe(tokens.accessToken);
    const res = await api('/api/me', { token: accessToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ handle: user.handle });
  });
});

describe('a request whose token is present but unusable gets 401, never a 500 or the public feed', () => {
  let good: Tokens;
  let expired: string;
  let otherClient: string;

  beforeAll(async () => {
    const ready = await readyUser(stack, 'matrix');
    good = ready.tokens;

    // Expired: the stack's 1 s client, then wait until `exp` has passed (≤ ~1 s, once).
    expired = (await signIn(stack, ready.user, stack.expiringClientId)).accessToken;
    const { exp } = claims(expired) as { exp: number };
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));

    // Another app client of the same pool, which the API was not told to accept.
    const admin = stackCognito(stack);
    const otherId = await ensureAppClient(admin, stack.userPoolId, 'some-other-app');
    admin.destroy();
    otherClient = (await signIn(stack, ready.user, otherId)).accessToken;
  });

  /** Flips one character in the middle of the signature (the last one may only touch padding bits). */
  const tamper = (jwt: string) => {
    const [h, p, s = ''] = jwt.split('.');
    const i = Math.floor(s.length / 2);
    return `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
  };

  it.each<[string, () => string, RegExp]>([
    ['an expired access token', () => `Bearer ${expired}`, /expired/],
    ['a tampered signature', () => `Bearer ${tamper(good.accessToken)}`, /signature/],
    ['an ID token', () => `Bearer ${good.idToken}`, /not an access token/],
    ['a token of another client', () => `Bearer ${otherClient}`, /another client/],
    ['Bearer NULL (only the exact signed-out strings are anonymous)', () => 'Bearer NULL', /not a JWT/],
    ['garbage', () => 'Bearer not-a-jwt', /not a JWT|malformed/],
    ['an empty header', () => '', /empty/],
    ['a header with extra parts', () => `Bearer ${good.accessToken} extra`, /extra parts/],
  ])('%s', async (_case, header, reason) => {
    const res = await fetch(`${stack.apiUrl}/api/activities/home`, { headers: { authorization: header() } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_token');
    expect(body.error_description).toMatch(reason);
  });

  it.each([['Bearer null'], ['Bearer undefined'], ['Bearer']])(
    '%s (what the original web app sends when signed out) gets the public feed, as with no header', async (header) => {
      const res = await fetch(`${stack.apiUrl}/api/activities/home`, { headers: { authorization: header } });
      expect(res.status).toBe(200);
      const feed = (await res.json()) as Activity[];
      expect(feed.map((a) => a.handle)).toContain('andrewbrown');
      expect(feed.some((a) => a.handle === 'cruddur')).toBe(false);
    });

  it('still serves the same user with the untouched token (the matrix broke only copies)', async () => {
    const res = await api('/api/me', { token: good.accessToken });
    expect(res.status).toBe(200);
  });

  it('answers a POST without any token with 401 missing_token', async () => {
    const res = await api('/api/activities', { method: 'POST', body: JSON.stringify({ message: 'hi', ttl: '1-day' }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'missing_token' });
  });
});
