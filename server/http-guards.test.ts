// The gate and guards on a bare Hono app, with a fake verifier and a fake limiter that record
// what they are asked: which keys are counted, in one call, in which order relative to the token
// check and the revocation list. No network: `app.request`.
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AuthEnv } from './bearer-auth.ts';
import { gate, requireJson, type GateOptions, type GateRule, type ThrottleOptions } from './http-guards.ts';
import type { LimitName, RateLimiter, Verdict } from './rate-limit.ts';
import { TokenError, type TokenVerifier, type VerifiedToken } from './verify-token.ts';

function fakeLimiter(answer: (keys: [LimitName, string][]) => Verdict | Error) {
  const asked: [LimitName, string][][] = [];
  const limiter: RateLimiter = {
    consume(keys) {
      asked.push(keys);
      const result = answer(keys);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
    close: () => undefined,
  };
  return { limiter, asked };
}

const alice = { sub: 'sub-alice', username: 'alice', clientId: 'c', token: 'good.token.x', payload: { jti: 'jti-alice' } } as VerifiedToken;

/** A verifier that knows one token, and checks it is given exactly what followed "Bearer ". */
const verifier: TokenVerifier = {
  verify: (token) => (token === alice.token ? Promise.resolve(alice) : Promise.reject(new TokenError('invalid_token', 'bad signature'))),
  stats: () => ({ jwksFetches: 0 }),
};

function app(throttle: ThrottleOptions | null, rule: GateRule = { kind: 'reads', auth: 'optional' }, revoked: string[] = []) {
  const o: GateOptions = { verifier, throttle, isRevoked: (jti) => Promise.resolve(revoked.includes(jti)) };
  const a = new Hono<AuthEnv>();
  a.get('/read', gate(o, rule), (c) => c.json({ served: true, sub: c.get('auth')?.sub ?? null }));
  a.post('/write', requireJson(), (c) => c.json({ served: true }));
  return a;
}

const throttle = (limiter: RateLimiter, o: Partial<ThrottleOptions> = {}): ThrottleOptions => ({ limiter, trustProxy: 0, peer: () => '203.0.113.5', ...o });
const asAlice = { headers: { authorization: `Bearer ${alice.token}` } };

describe('gate: token, revocation and limits in one pass', () => {
  it('a verified caller is counted against address and user in ONE limiter call, then served', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const res = await app(throttle(limiter)).request('/read', asAlice);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { served: true, sub: 'sub-alice' } });
    expect(asked).toEqual([[['readsPerAddress', '203.0.113.5'], ['readsPerUser', 'sub-alice']]]);
  });

  it.each<[string, GateRule, LimitName[]]>([
    ['anonymous read', { kind: 'reads', auth: 'optional' }, ['readsPerAddress']],
    ['write without a token (counted, then 401)', { kind: 'writes', auth: 'required' }, ['writesPerAddress']],
  ])('%s: only the address is counted', async (_name, rule, limits) => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    await app(throttle(limiter), rule).request('/read');
    expect(asked.map((keys) => keys.map(([name]) => name))).toEqual([limits]);
  });

  it('a bad token counts against its address (floods are limited), then gets 401 invalid_token', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const res = await app(throttle(limiter)).request('/read', { headers: { authorization: 'Bearer forged.token.x' } });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'bad signature' } });
    expect(asked).toEqual([[['readsPerAddress', '203.0.113.5']]]);
  });

  it('a bad token over the address limit gets the 429, not the 401', async () => {
    const { limiter } = fakeLimiter(() => ({ ok: false, retryAfterSeconds: 9, limit: 'readsPerAddress' }));
    const res = await app(throttle(limiter)).request('/read', { headers: { authorization: 'Bearer forged.token.x' } });
    expect(res.status).toBe(429);
  });

  it('a revoked token → 401 "token revoked", counted by address only', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const res = await app(throttle(limiter), undefined, ['jti-alice']).request('/read', asAlice);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'token revoked' } });
    expect(asked).toEqual([[['readsPerAddress', '203.0.113.5']]]);
  });

  it('auth "none" never looks at the header: a bad token is as anonymous', async () => {
    const { limiter } = fakeLimiter(() => ({ ok: true }));
    const res = await app(throttle(limiter), { kind: 'reads', auth: 'none' }).request('/read', { headers: { authorization: 'Bearer forged.token.x' } });
    expect(await res.json()).toEqual({ served: true, sub: null });
  });

  it('required and no token → 401 missing_token with a bare Bearer challenge', async () => {
    const res = await app(null, { kind: 'reads', auth: 'required' }).request('/read');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('X-Forwarded-For is the key only with trustProxy', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const headers = { 'x-forwarded-for': '198.51.100.1, 198.51.100.2' };
    await app(throttle(limiter, { peer: () => '10.0.0.1' })).request('/read', { headers });
    await app(throttle(limiter, { peer: () => '10.0.0.1', trustProxy: 1 })).request('/read', { headers });
    expect(asked).toEqual([[['readsPerAddress', '10.0.0.1']], [['readsPerAddress', '198.51.100.2']]]);
  });

  it('refused → 429, Retry-After and a JSON body; the route never runs', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: false, retryAfterSeconds: 17, limit: 'readsPerAddress' }));
    const res = await app(throttle(limiter)).request('/read', asAlice);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('17');
    expect(await res.json()).toEqual({ error: 'rate_limited', error_description: 'too many requests, try again in 17 s', retry_after: 17 });
    expect(asked).toHaveLength(1);
  });

  it('the store failing → 503 temporarily_unavailable with Retry-After, never served uncounted', async () => {
    const { limiter } = fakeLimiter(() => new Error('connection terminated'));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await app(throttle(limiter)).request('/read', asAlice);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'try again shortly' });
      expect(log.mock.calls).toEqual([['[api] rate limiter: Error: connection terminated']]);
    } finally {
      log.mockRestore();
    }
  });
});

describe('requireJson', () => {
  const a = app(null);

  it.each<[string, string | null, number]>([
    ['application/json', 'application/json', 200],
    ['with a UTF-8 charset', 'application/json; charset=utf-8', 200],
    ['upper case, quoted charset', 'APPLICATION/JSON;charset="UTF-8"', 200],
    ['no Content-Type', null, 415],
    ['text/plain', 'text/plain', 415],
    ['form', 'application/x-www-form-urlencoded', 415],
    ['another charset', 'application/json; charset=iso-8859-1', 415],
    ['a suffix type', 'application/ld+json', 415],
  ])('%s → %i', async (_name, type, status) => {
    const res = await a.request('/write', { method: 'POST', body: new TextEncoder().encode('{}'), headers: type === null ? {} : { 'content-type': type } });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(status === 200 ? { served: true } : { error: 'unsupported_media_type', error_description: 'the body must be sent as application/json' });
  });
});
