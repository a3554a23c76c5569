/**
 * Managed login as an attacker meets it: stolen, replayed and misdirected codes, forged state,
 * wrong PKCE verifiers, look-alike redirect URIs and tokens in URLs are each refused, with AWS's
 * error codes; plus the hosted session's single sign-on and its end at /logout. A user agent
 * without scripts walks the pages (test/support/managed-login.ts) against the run's shared stack.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_SCOPES, CALLBACK, oauthClient, SIGNED_OUT, UserAgent } from '../support/managed-login.ts';
import { readyUser, stackCognito, type TestUser } from '../support/users.ts';

const stack = inject('stack');
const base = stack.managedLoginUrl;
const host = new URL(base).host;

let clientId: string;
let user: TestUser;
beforeAll(async () => {
  clientId = await oauthClient(stack);
  ({ user } = await readyUser(stack, 'ml-attack'));
});

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(o: { client?: string; redirectUri?: string; state?: string; challenge?: string; extra?: Record<string, string> } = {}) {
  const q = new URLSearchParams({ client_id: o.client ?? clientId, redirect_uri: o.redirectUri ?? CALLBACK, response_type: 'code', scope: ALL_SCOPES.join(' ') });
  if (o.state !== undefined) q.set('state', o.state);
  if (o.challenge) {
    q.set('code_challenge', o.challenge);
    q.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(o.extra ?? {})) q.set(k, v);
  return `${base}/oauth2/authorize?${q}`;
}

/** A full password sign-in; answers the callback URL and the agent (whose cookies hold the hosted session). */
async function signIn(o: Parameters<typeof authorizeUrl>[0] = {}, agent = new UserAgent([host])) {
  const page = await agent.go(authorizeUrl(o));
  const back = await agent.submit(page, /^\/login\?/, { email: user.email, password: user.password });
  return { callback: new URL(back.url), agent };
}

async function token(form: Record<string, string>) {
  const res = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const redeem = (code: string, verifier: string, o: { client?: string; redirectUri?: string } = {}) =>
  token({ grant_type: 'authorization_code', client_id: o.client ?? clientId, code, redirect_uri: o.redirectUri ?? CALLBACK, code_verifier: verifier });

describe('codes: only the session that asked, once, with its own verifier', () => {
  it("a code from another session (the attacker's own, injected into the victim's client) is refused: the victim's verifier does not match", async () => {
    const attacker = pkce();
    const victim = pkce();
    const { callback } = await signIn({ challenge: attacker.challenge, state: 's1' });
    const stolen = callback.searchParams.get('code') ?? '';
    expect(await redeem(stolen, victim.verifier)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("a code issued to one app client is refused to another", async () => {
    const other = await oauthClient(stack);
    const p = pkce();
    const { callback } = await signIn({ challenge: p.challenge });
    expect(await redeem(callback.searchParams.get('code') ?? '', p.verifier, { client: other })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a reused code is refused, and the sign-in it started is revoked with it', async () => {
    const p = pkce();
    const { callback } = await signIn({ challenge: p.challenge });
    const code = callback.searchParams.get('code') ?? '';
    const first = await redeem(code, p.verifier);
    expect(first.status).toBe(200);
    expect(await redeem(code, p.verifier)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const refreshed = await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: String(first.body.refresh_token) });
    expect(refreshed).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it.each([
    ['a wrong code_verifier', (v: string) => ({ code_verifier: `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}` })],
    ['no code_verifier', () => ({ code_verifier: '' })],
    ['the challenge sent as the verifier', (_v: string, c: string) => ({ code_verifier: c })],
    ['a redirect_uri other than the one authorized', () => ({ redirect_uri: `${CALLBACK}/other` })],
  ])('%s at the token endpoint is invalid_grant', async (_case, change) => {
    const p = pkce();
    const { callback } = await signIn({ challenge: p.challenge });
    const form = { grant_type: 'authorization_code', client_id: clientId, code: callback.searchParams.get('code') ?? '', redirect_uri: CALLBACK, code_verifier: p.verifier, ...change(p.verifier, p.challenge) };
    expect(await token(form)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('state: the server returns it untouched; checking it is the client\'s job', () => {
  it.each([['plain', 'abc123'], ['with spaces and symbols', 'a b&c=d/é?#'], ['Amplify\'s custom-state form', 'r4nd0m-eyJ0aGVtZSI6ImRhcmsifQ']])('a %s state comes back byte for byte', async (_case, state) => {
    const { callback } = await signIn({ state, challenge: pkce().challenge });
    expect(callback.searchParams.get('state')).toBe(state);
  });

  it('a callback with another state is what the client refuses: the code itself is still bound to the PKCE verifier', async () => {
    const p = pkce();
    const { callback } = await signIn({ state: 'mine', challenge: p.challenge });
    expect(callback.searchParams.get('state')).not.toBe('forged');
    // The server never learns the client's expected state; the verifier is what binds the code.
    expect((await redeem(callback.searchParams.get('code') ?? '', pkce().verifier)).body).toEqual({ error: 'invalid_grant' });
  });
});

describe('redirect URIs match exactly, or nothing is sent anywhere', () => {
  it.each([
    ['an extra path', `${CALLBACK}/evil`],
    ['a trailing slash', `${CALLBACK}/`],
    ['an added query', `${CALLBACK}?next=https://evil.example`],
    ['another port', 'http://localhost:3001/callback'],
    ['another host', 'https://evil.example/callback'],
    ['a fragment', `${CALLBACK}#x`],
  ])('%s ends on managed login\'s redirect_mismatch page', async (_case, redirectUri) => {
    const agent = new UserAgent([host]);
    const page = await agent.go(authorizeUrl({ redirectUri, state: 's' }));
    expect(page.url).toBe(`${base}/error?error=redirect_mismatch&client_id=${clientId}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('redirect_mismatch');
    expect(agent.visited.every((url) => url.startsWith(base))).toBe(true);
  });

  it('an unknown client ends on the error page too', async () => {
    const page = await new UserAgent([host]).go(authorizeUrl({ client: 'no-such-client' }));
    expect(page.url).toBe(`${base}/error?error=invalid_client&client_id=no-such-client`);
  });
});

describe('no token in a URL', () => {
  it('response_type=token on a client not allowed the implicit grant is unauthorized_client, with no token anywhere', async () => {
    const agent = new UserAgent([host]);
    const answer = await agent.go(authorizeUrl({ state: 'imp', extra: { response_type: 'token' } }));
    const url = new URL(answer.url);
    expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ error: 'unauthorized_client', state: 'imp' });
    expect(url.hash).toBe('');
    expect(agent.visited.join(' ')).not.toMatch(/eyJ|access_token|id_token/);
  });

  it('a whole code flow carries no token in any URL it visits', async () => {
    const { agent } = await signIn({ state: 'flow', challenge: pkce().challenge });
    expect(agent.visited.length).toBeGreaterThan(2);
    expect(agent.visited.join(' ')).not.toMatch(/eyJ|access_token|id_token|refresh_token/);
  });
});

describe("AWS's error codes", () => {
  it.each([
    ['response_type=id_token', { response_type: 'id_token' }, 'unsupported_response_type'],
    ['a scope the client is not allowed', { scope: 'openid phone' }, 'invalid_scope'],
    ['code_challenge_method=plain', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
    ['an identity provider the client does not support', { identity_provider: 'Nobody' }, 'invalid_request'],
    ['prompt=none without a hosted session', { prompt: 'none' }, 'login_required'],
  ])('%s is sent back to the redirect URI as %s', async (_case, extra, error) => {
    const answer = await new UserAgent([host]).go(authorizeUrl({ state: 'e', extra }));
    expect(Object.fromEntries(new URL(answer.url).searchParams)).toMatchObject({ error: expect.stringMatching(error), state: 'e' });
  });

  it('a client not allowed OAuth flows is unauthorized_client', async () => {
    const plain = await oauthClient(stack, { AllowedOAuthFlowsUserPoolClient: false });
    const answer = await new UserAgent([host]).go(authorizeUrl({ client: plain, state: 'e' }));
    expect(new URL(answer.url).searchParams.get('error')).toBe('unauthorized_client');
  });

  it.each([
    ['an unknown client', { grant_type: 'authorization_code', client_id: 'nope', code: 'x', redirect_uri: CALLBACK }, 'invalid_client'],
    ['no grant_type', { client_id: '<client>' }, 'invalid_request'],
    ['grant_type=password', { grant_type: 'password', client_id: '<client>' }, 'unsupported_grant_type'],
    ['a code nobody issued', { grant_type: 'authorization_code', client_id: '<client>', code: 'forged', redirect_uri: CALLBACK, code_verifier: 'v'.repeat(43) }, 'invalid_grant'],
    ['no code', { grant_type: 'authorization_code', client_id: '<client>', redirect_uri: CALLBACK }, 'invalid_request'],
    ['a refresh token nobody issued', { grant_type: 'refresh_token', client_id: '<client>', refresh_token: 'forged' }, 'invalid_grant'],
  ])('the token endpoint answers %s with 400 %s', async (_case, form, error) => {
    const filled = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v === '<client>' ? clientId : v]));
    expect(await token(filled)).toEqual({ status: 400, body: { error } });
  });

  it.each([
    ['a callback URL on plain http elsewhere than localhost', { CallbackURLs: ['http://evil.example/cb'] }, 'InvalidParameterException'],
    ['a callback URL with a fragment', { CallbackURLs: ['https://app.example/cb#x'] }, 'InvalidParameterException'],
    ['an unknown identity provider', { SupportedIdentityProviders: ['Nobody'] }, 'InvalidParameterException'],
    ['an unknown scope', { AllowedOAuthScopes: ['openid', 'admin'] }, 'ScopeDoesNotExistException'],
    ['OAuth on without flows', { AllowedOAuthFlows: [] }, 'InvalidOAuthFlowException'],
    ['the code flow without callback URLs', { CallbackURLs: [] }, 'InvalidOAuthFlowException'],
  ])('CreateUserPoolClient refuses %s with %s', async (_case, settings, name) => {
    const sdk = stackCognito(stack);
    const input = { UserPoolId: stack.userPoolId, ClientName: 'bad-oauth', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK], ...settings };
    await expect(sdk.send(new CreateUserPoolClientCommand(input))).rejects.toMatchObject({ name });
    sdk.destroy();
  });
});

describe('the hosted session', () => {
  it('a second authorize within the session signs in without asking; after /logout it asks again', async () => {
    const { agent } = await signIn({ challenge: pkce().challenge });
    const again = await agent.go(authorizeUrl({ state: 'sso', challenge: pkce().challenge }));
    expect(new URL(again.url).searchParams.get('code')).toEqual(expect.any(String));

    const out = await agent.go(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`);
    expect(out.url).toBe(SIGNED_OUT);
    const after = await agent.go(authorizeUrl({ state: 'after', challenge: pkce().challenge }));
    expect(after.url).toMatch(/\/login\?/);
  });

  it('prompt=login asks again even within the session', async () => {
    const { agent } = await signIn({ challenge: pkce().challenge });
    const page = await agent.go(authorizeUrl({ challenge: pkce().challenge, extra: { prompt: 'login' } }));
    expect(page.url).toMatch(/\/login\?/);
  });

  it('a logout_uri the client does not list is refused and the user stays where they are', async () => {
    const page = await new UserAgent([host]).go(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: 'https://evil.example/' })}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('redirect_mismatch');
  });

  it('a form posted without the CSRF cookie does not sign in', async () => {
    const agent = new UserAgent([host]);
    const page = await agent.go(authorizeUrl({ challenge: pkce().challenge }));
    const res = await fetch(new URL(page.url), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ step: 'password', _csrf: 'x'.repeat(43), email: user.email, password: user.password }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
