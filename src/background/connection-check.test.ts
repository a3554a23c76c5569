import { describe, expect, it } from 'vitest';
import { useLanguage } from '../shared/i18n-fake.ts';
import type { Settings } from '../shared/settings.ts';
import { API_CHECK_SENTENCES, checkApi, checkCognito, INVALID_TOKEN } from './connection-check.ts';

const settings = { apiUrl: 'https://api.example.test' } as Settings;

/** A fetch that answers by whether a token was sent, and records what was asked. */
function api(anonymous: number | 'down', withToken: number | 'down') {
  const seen: { url: string; auth: string | null; credentials: string | undefined }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('Authorization');
    seen.push({ url: String(input), auth, credentials: init?.credentials });
    const status = auth ? withToken : anonymous;
    if (status === 'down') throw new TypeError('Failed to fetch');
    return new Response('[]', { status });
  }) as typeof fetch;
  return { fetchFn, seen };
}

describe('Test connection: does the API verify sign-ins?', () => {
  it('the invalid token is JWT-shaped, expired and signed by nobody', () => {
    const [header, payload, signature] = INVALID_TOKEN.split('.');
    expect(JSON.parse(atob(header!.replaceAll('-', '+').replaceAll('_', '/')))).toMatchObject({ alg: 'RS256' });
    expect(JSON.parse(atob(payload!.replaceAll('-', '+').replaceAll('_', '/')))).toMatchObject({ token_use: 'access', exp: 1 });
    expect(signature).toBeTruthy();
  });

  it('an API that answers 401 to the invalid token verifies sign-ins', async () => {
    const { fetchFn, seen } = api(200, 401);
    expect(await checkApi(settings, fetchFn)).toEqual({ ok: true, message: API_CHECK_SENTENCES.verifies() });
    expect(seen).toEqual([
      { url: 'https://api.example.test/api/activities/home', auth: null, credentials: 'omit' },
      { url: 'https://api.example.test/api/activities/home', auth: `Bearer ${INVALID_TOKEN}`, credentials: 'omit' },
    ]);
  });

  it('an API that answers 200 to it gets a plain warning: "Your home feed" may be the public one', async () => {
    const { fetchFn } = api(200, 200);
    const result = await checkApi(settings, fetchFn);
    expect(result).toEqual({ ok: true, warn: true, message: API_CHECK_SENTENCES.acceptsAnyToken() });
    expect(result.message).toContain('it does not check tokens');
    expect(result.message).toContain('"Your home feed" may be the public one');
  });

  it('another answer to it is a warning with its status', async () => {
    const { fetchFn } = api(200, 403);
    expect(await checkApi(settings, fetchFn)).toEqual({ ok: true, warn: true, message: API_CHECK_SENTENCES.unchecked(403) });
  });

  it('a probe that cannot go out (no host access yet) says to save first', async () => {
    const { fetchFn } = api(200, 'down');
    expect(await checkApi(settings, fetchFn)).toEqual({ ok: true, warn: true, message: API_CHECK_SENTENCES.probeFailed() });
  });

  it('an API that does not answer, or answers an error, fails without a probe', async () => {
    const down = api('down', 401);
    expect(await checkApi(settings, down.fetchFn)).toEqual({ ok: false, message: API_CHECK_SENTENCES.unreachable() });
    expect(down.seen).toHaveLength(1);
    const broken = api(502, 401);
    expect(await checkApi(settings, broken.fetchFn)).toEqual({ ok: false, message: 'The Cruddur API answered with HTTP 502. Check the address.' });
    expect(broken.seen).toHaveLength(1);
  });
});

describe('Test connection: does Cognito know this client?', () => {
  const cognitoSettings = { region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123xyz', clientId: 'client1', endpoint: 'https://cognito.example.test/' } as Settings;
  /** Answers as Cognito does, and checks it was asked the harmless question. */
  const cognito = (status: number, type: string) =>
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      expect(String(input)).toBe('https://cognito.example.test/');
      expect(new Headers(init?.headers).get('X-Amz-Target')).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
      expect(JSON.parse(String(init?.body))).toMatchObject({ ClientId: 'client1', AuthFlow: 'REFRESH_TOKEN_AUTH' });
      return new Response(JSON.stringify({ __type: type }), { status });
    }) as typeof fetch;

  it.each([
    [400, 'NotAuthorizedException', { ok: true, message: 'Cognito answered and knows this app client.' }],
    [400, 'ResourceNotFoundException', { ok: false, message: 'Cognito does not know this user pool or app client. Check both ids and the region.' }],
    [403, 'AccessDeniedException', { ok: false, message: 'Cognito answered unexpectedly (HTTP 403). Check the endpoint and region.' }],
  ])('a %s %s says so plainly', async (status, type, result) => {
    expect(await checkCognito(cognitoSettings, cognito(status, type))).toEqual(result);
  });

  it('says where it did not answer, in the user\'s language', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await checkCognito(cognitoSettings, down)).toEqual({
      ok: false,
      message: 'Cognito did not answer at https://cognito.example.test/. Check the region or endpoint, and your connection.',
    });
    useLanguage('de');
    expect((await checkCognito(cognitoSettings, down)).message).toBe('Cognito hat unter https://cognito.example.test/ nicht geantwortet. Prüfe Region oder Endpunkt und deine Verbindung.');
    expect((await checkCognito(cognitoSettings, cognito(500, 'InternalErrorException'))).message).toBe('Cognito hat unerwartet geantwortet (HTTP 500). Prüfe Endpunkt und Region.');
  });
});
