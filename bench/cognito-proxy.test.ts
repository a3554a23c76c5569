import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRefresh, startCognitoProxy, type CognitoProxy } from './cognito-proxy.ts';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

/** A stand-in Cognito: answers every POST with tokens expiring at `exp` and echoes what it got. */
let upstream: Server;
let received: { target: string | undefined; body: string }[];
let proxy: CognitoProxy;

beforeEach(async () => {
  received = [];
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'OPTIONS') return void res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      received.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      const status = body.includes('"fail"') ? 400 : 200;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ AuthenticationResult: { AccessToken: jwt({ exp: 1_900_000_000 }) } }));
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  proxy = await startCognitoProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});

afterEach(async () => {
  await proxy.stop();
  await new Promise<void>((ok) => upstream.close(() => ok()));
});

const call = (target: string, body: object) =>
  fetch(proxy.url, { method: 'POST', headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });

describe('the counting Cognito proxy', () => {
  it('passes each call through unchanged and records its operation, InitiateAuth with its flow', async () => {
    const answer = await call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'r' } });
    await call('GetTokensFromRefreshToken', { RefreshToken: 'r' });
    await call('GetUser', { AccessToken: 'a' });
    expect(answer.status).toBe(200);
    expect(received).toEqual([
      { target: 'AWSCognitoIdentityProviderService.InitiateAuth', body: '{"AuthFlow":"REFRESH_TOKEN_AUTH","AuthParameters":{"REFRESH_TOKEN":"r"}}' },
      { target: 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken', body: '{"RefreshToken":"r"}' },
      { target: 'AWSCognitoIdentityProviderService.GetUser', body: '{"AccessToken":"a"}' },
    ]);
    expect(proxy.calls().map((c) => [c.operation, c.status])).toEqual([
      ['InitiateAuth:REFRESH_TOKEN_AUTH', 200],
      ['GetTokensFromRefreshToken', 200],
      ['GetUser', 200],
    ]);
    expect(proxy.calls().filter(isRefresh)).toHaveLength(2);
  });

  it('keeps the answer status and times each call from request to full answer', async () => {
    const before = Date.now();
    const answer = await call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', fail: true });
    const [recorded] = proxy.calls();
    expect(answer.status).toBe(400);
    expect(recorded).toMatchObject({ operation: 'InitiateAuth:USER_SRP_AUTH', status: 400 });
    expect(recorded?.startedAt).toBeGreaterThanOrEqual(before);
    expect(recorded?.endedAt).toBeGreaterThanOrEqual(recorded?.startedAt ?? Infinity);
  });

  it('does not count CORS preflights as Cognito calls', async () => {
    const preflight = await fetch(proxy.url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(proxy.calls()).toEqual([]);
  });

  it('notes the exp of the last access token it passed back, and nothing before the first', async () => {
    expect(proxy.lastAccessTokenExp()).toBeNull();
    await call('RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER' });
    expect(proxy.lastAccessTokenExp()).toBe(1_900_000_000);
  });

  it('refuses a target that is not on this machine', async () => {
    await expect(startCognitoProxy('https://cognito-idp.us-east-1.amazonaws.com')).rejects.toThrow('loopback targets only');
  });
});
