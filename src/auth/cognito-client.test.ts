import { describe, expect, it, vi } from 'vitest';
import { CognitoServiceError, createCognitoClient } from './cognito-client.ts';
import { toAuthError } from './errors.ts';

const URL_ = 'https://cognito-idp.eu-west-1.amazonaws.com/';

/** A fetch that records its arguments and answers with `response`. */
function fetchAnswering(response: () => Response | Promise<Response>) {
  return vi.fn(async (_input: string, _init: RequestInit) => response());
}

const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), { status: 200, ...init });

describe('createCognitoClient', () => {
  it('makes one documented JSON call: POST, the operation in X-Amz-Target, the request as JSON', async () => {
    const fetch = fetchAnswering(() => json({ ChallengeName: 'EMAIL_OTP', Session: 's' }));
    const client = createCognitoClient(URL_, fetch);
    const request = { AuthFlow: 'USER_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'a@b.c', PREFERRED_CHALLENGE: 'EMAIL_OTP' } };
    await expect(client.call('InitiateAuth', request)).resolves.toEqual({ ChallengeName: 'EMAIL_OTP', Session: 's' });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [input, init] = fetch.mock.calls[0] ?? [];
    expect(input).toBe(URL_);
    expect(init).toMatchObject({ method: 'POST', cache: 'no-store' });
    expect(init?.headers).toEqual({ 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' });
    expect(JSON.parse(String(init?.body))).toEqual(request);
  });

  it.each([
    ['the x-amzn-errortype header', { message: 'Password attempts exceeded' }, { 'x-amzn-errortype': 'NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/' }],
    ['the body __type with a namespace', { __type: 'com.amazonaws.cognito#NotAuthorizedException', message: 'Password attempts exceeded' }, {}],
    ['the body __type', { __type: 'NotAuthorizedException', Message: 'Password attempts exceeded' }, {}],
  ])('names a refusal by %s', async (_name, body, headers) => {
    const client = createCognitoClient(URL_, fetchAnswering(() => json(body, { status: 400, headers })));
    const e = await client.call('GlobalSignOut', { AccessToken: 'a' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CognitoServiceError);
    expect(e).toMatchObject({ code: 'NotAuthorizedException', name: 'NotAuthorizedException', statusCode: 400, message: 'Password attempts exceeded' });
    expect(toAuthError(e, 'signIn').code).toBe('account-locked');
  });

  it('takes the message from x-amzn-errormessage when the body has none', async () => {
    const answer = () => new Response('', { status: 400, headers: { 'x-amzn-errortype': 'LimitExceededException', 'x-amzn-errormessage': 'Attempt limit exceeded' } });
    const e = await createCognitoClient(URL_, fetchAnswering(answer)).call('ForgetDevice', { AccessToken: 'a', DeviceKey: 'k' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LimitExceededException', message: 'Attempt limit exceeded' });
  });

  it.each([
    ['an HTML 502', () => new Response('<html>Bad gateway</html>', { status: 502 }), 'InternalErrorException', 'service-unavailable'],
    ['a garbage 4xx', () => new Response('nope', { status: 418 }), 'UnknownError', 'unknown'],
    ['a 200 that is not JSON', () => new Response('<html>', { status: 200 }), 'UnknownError', 'unknown'],
    ['a JSON array', () => json([1, 2]), 'UnknownError', 'unknown'],
  ])('answers %s as %s (%s), never as a success', async (_name, answer, type, code) => {
    const e = await createCognitoClient(URL_, fetchAnswering(answer)).call('GetUser', { AccessToken: 'a' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: type });
    expect(toAuthError(e, 'profile').code).toBe(code);
  });

  it('turns a fetch that never got an answer into NetworkError, mapped to network', async () => {
    const fetch = vi.fn(async (_input: string, _init: RequestInit): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    });
    const e = await createCognitoClient(URL_, fetch).call('RevokeToken', { Token: 't', ClientId: 'c' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NetworkError', statusCode: 0 });
    expect((e as Error).cause).toBeInstanceOf(TypeError);
    expect(toAuthError(e, 'signOut').code).toBe('network');
  });

  it('uses the global fetch at call time when given none', async () => {
    const fetch = fetchAnswering(() => json({}));
    vi.stubGlobal('fetch', fetch);
    try {
      await createCognitoClient(URL_).call('GlobalSignOut', { AccessToken: 'a' });
      expect(fetch).toHaveBeenCalledWith(URL_, expect.objectContaining({ method: 'POST' }));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
