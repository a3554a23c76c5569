// The guards on a bare Hono app with a fake limiter that records what it is asked: which limit,
// which key, in which order relative to authentication. No network: `app.request`.
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AuthEnv } from './bearer-auth.ts';
import { limitByAddress, limitByUser, requireJson, type ThrottleOptions } from './http-guards.ts';
import type { LimitName, RateLimiter, Verdict } from './rate-limit.ts';
import type { VerifiedToken } from './verify-token.ts';

function fakeLimiter(answer: (keys: [LimitName, string][]) => Verdict | Error) {
  const asked: [LimitName, string][][] = [];
  const limiter: RateLimiter = {
    consume(keys) {
      asked.push(keys);
      const result = answer(keys);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
  return { limiter, asked };
}

function app(o: ThrottleOptions, auth: VerifiedToken | null) {
  const a = new Hono<AuthEnv>();
  a.get('/read', limitByAddress(o, 'readsPerAddress'), async (c, next) => {
    c.set('auth', auth);
    await next();
  }, limitByUser(o, 'readsPerUser'), (c) => c.json({ served: true }));
  a.post('/write', requireJson(), (c) => c.json({ served: true }));
  return a;
}

const alice = { sub: 'sub-alice', username: 'alice', clientId: 'c', token: 't', payload: {} } as VerifiedToken;

describe('limitByAddress / limitByUser', () => {
  it('counts the address first, then the verified sub; both allowed → the route runs', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const res = await app({ limiter, trustProxy: 0, peer: () => '203.0.113.5' }, alice).request('/read');
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { served: true } });
    expect(asked).toEqual([[['readsPerAddress', '203.0.113.5']], [['readsPerUser', 'sub-alice']]]);
  });

  it('anonymous: only the address is counted', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    await app({ limiter, trustProxy: 0, peer: () => '203.0.113.5' }, null).request('/read');
    expect(asked).toEqual([[['readsPerAddress', '203.0.113.5']]]);
  });

  it('X-Forwarded-For is the key only with trustProxy', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: true }));
    const headers = { 'x-forwarded-for': '198.51.100.1, 198.51.100.2' };
    await app({ limiter, trustProxy: 0, peer: () => '10.0.0.1' }, null).request('/read', { headers });
    await app({ limiter, trustProxy: 1, peer: () => '10.0.0.1' }, null).request('/read', { headers });
    expect(asked).toEqual([[['readsPerAddress', '10.0.0.1']], [['readsPerAddress', '198.51.100.2']]]);
  });

  it('refused → 429, Retry-After and a JSON body; the route and the user count never run', async () => {
    const { limiter, asked } = fakeLimiter(() => ({ ok: false, retryAfterSeconds: 17, limit: 'readsPerAddress' }));
    const res = await app({ limiter, trustProxy: 0, peer: () => '203.0.113.5' }, alice).request('/read');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('17');
    expect(await res.json()).toEqual({ error: 'rate_limited', error_description: 'too many requests, try again in 17 s', retry_after: 17 });
    expect(asked).toHaveLength(1);
  });

  it('the store failing → 503 temporarily_unavailable with Retry-After, never served uncounted', async () => {
    const { limiter } = fakeLimiter(() => new Error('connection terminated'));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await app({ limiter, trustProxy: 0, peer: () => '203.0.113.5' }, alice).request('/read');
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
  const a = app({ limiter: fakeLimiter(() => ({ ok: true })).limiter, trustProxy: 0, peer: () => undefined }, null);

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
