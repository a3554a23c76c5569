// Fuzzing the token check: the real API server (local:true) against a fake Cognito over real
// HTTP (fresh RSA key, real JWKS), fed over a thousand malformed, tampered, expired,
// wrong-algorithm and oversized tokens from a seeded PRNG (same inputs every run). Every answer
// must be 401 (or 400, or the documented 413/431 for oversize), never a 5xx, never a 200, and
// the server must still serve a good token afterwards. Then the same for request bodies: a
// good token with hostile content types and bodies gets 400, 413, 415 or 422, never a 5xx.
import { createSign } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './api-server.ts';
import { MAX_TOKEN_CHARS } from './bearer-auth.ts';
import { startFakeCognito, type FakeCognito, type SignOptions } from './testing/fake-cognito.ts';
import { bodyCase, prng, type BodyCase } from './testing/fuzz-inputs.ts';
import { ALICE, startTestApi } from './testing/harness.ts';

let fake: FakeCognito;
let api: ApiServer;
/** A key published in the JWKS (kid "rotated") whose private half the test holds, to sign any alg. */
let rotated: Required<Pick<SignOptions, 'kid' | 'privateKey'>>;

beforeAll(async () => {
  fake = await startFakeCognito();
  fake.addUser(ALICE);
  api = await startTestApi(fake);
  const key = fake.addKey('rotated');
  rotated = { kid: key.kid ?? 'rotated', privateKey: key.privateKey as NonNullable<SignOptions['privateKey']> };
}, 60_000);
afterAll(async () => {
  await api?.close();
  await fake?.close();
});

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Claims of a good access token for Alice, to start a mutation from. */
function goodClaims(): Record<string, unknown> {
  const t = now();
  return {
    sub: ALICE.sub, iss: fake.issuer, client_id: fake.clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin',
    auth_time: t, iat: t, exp: t + 3600, jti: 'j', username: ALICE.username,
  };
}

/** Signs with the rotated key under any alg name (RSA-SHA256/384/512 by the alg's digits). */
function signRotated(header: Record<string, unknown>, payload: unknown, digest: 'SHA256' | 'SHA384' | 'SHA512' = 'SHA256'): string {
  const input = `${b64url({ kid: rotated.kid, ...header })}.${b64url(payload)}`;
  return `${input}.${createSign(`RSA-${digest}`).update(input).sign(rotated.privateKey).toString('base64url')}`;
}

type Gen = (r: ReturnType<typeof prng>, i: number) => string;

/** Replaces one character (never the signature's last, whose spare bits may not matter). */
function flip(r: ReturnType<typeof prng>, token: string, part: 0 | 1 | 2): string {
  const parts = token.split('.');
  const seg = parts[part] ?? '';
  const at = r.int(Math.max(1, seg.length - 1));
  const old = seg[at] ?? 'A';
  let ch = old;
  while (ch === old) ch = r.b64(1);
  parts[part] = seg.slice(0, at) + ch + seg.slice(at + 1);
  return parts.join('.');
}

const malformed: Gen = (r, i) => {
  const shapes: (() => string)[] = [
    () => `Bearer ${r.b64(1 + r.int(60))}`,
    () => `Bearer ${Array.from({ length: 1 + r.int(6) }, () => r.b64(r.int(40))).join('.')}`,
    () => `Bearer ${r.printable(1 + r.int(80)).trim() || 'x'}`,
    () => `${r.pick(['Basic', 'Token', 'JWT', 'Bearer:', 'Bearerx', 'Digest'])} ${fake.accessToken(ALICE)}`,
    () => `Bearer ${b64url({ alg: 'RS256', kid: fake.kid })}.${r.b64(10 + r.int(40))}.${r.b64(r.int(40))}`,
    () => `Bearer ${b64url(r.printable(r.int(30)))}.${b64url(r.printable(r.int(30)))}.${r.b64(20)}`,
    () => `Bearer ${b64url(r.pick(['null', '[]', '1', '"s"', 'true', '{"alg":']))}.${b64url(r.pick(['null', '[]', '42', '{}', '{"sub":']))}.${r.b64(43)}`,
    () => `Bearer ${fake.accessToken(ALICE)} ${r.b64(8)}`,
    () => `${' '.repeat(r.int(3))}${r.pick(['Bearer', 'bearer', 'BEARER'])}${' '.repeat(r.int(3))}`,
    () => `Bearer ${fake.accessToken(ALICE).split('.').slice(0, 1 + r.int(2)).join('.')}`,
    () => `Bearer ${fake.accessToken(ALICE).replace(/\./g, r.pick(['..', '', '._']))}`,
    () => `Bearer ${r.pick(['null', 'undefined', 'NaN', '""', "''", '{}', '[object Object]'])}`,
  ];
  return (shapes[i % shapes.length] as () => string)();
};

const tampered: Gen = (r, i) => {
  const token = fake.accessToken(ALICE);
  const [h = '', p = '', s = ''] = token.split('.');
  const other = fake.accessToken(ALICE, { sub: 'sub-bob', username: 'bob@example.com' });
  const shapes: (() => string)[] = [
    () => flip(r, token, 0),
    () => flip(r, token, 1),
    () => flip(r, token, 2),
    () => `${h}.${b64url({ ...goodClaims(), [r.pick(['sub', 'client_id', 'token_use', 'iss', 'exp', 'scope'])]: r.pick(['sub-bob', 'id', 'other', now() + 99_999, 'admin']) })}.${s}`,
    () => `${h}.${p}.${other.split('.')[2] ?? ''}`,
    () => `${h}.${p}.${s.slice(0, 1 + r.int(s.length - 2))}`,
    () => `${h}.${p}.${s}${r.b64(1 + r.int(8))}`,
    () => `${p}.${h}.${s}`,
    () => fake.accessToken(ALICE, {}, { privateKey: rotated.privateKey }), // right kid, wrong key
    () => signRotated({ alg: 'RS256', kid: fake.kid }, goodClaims()), // wrong key under the pool's kid
  ];
  return `Bearer ${(shapes[i % shapes.length] as () => string)()}`;
};

const expired: Gen = (r, i) => {
  const t = now();
  const ago = 1 + r.int(30 * 24 * 3600);
  const shapes: (() => string)[] = [
    () => fake.accessToken(ALICE, { iat: t - ago - 3600, exp: t - ago }),
    () => fake.accessToken(ALICE, { exp: t - 1 - r.int(5) }),
    () => fake.accessToken(ALICE, { nbf: t + 60 + r.int(3600) }), // not yet valid
    () => fake.accessToken(ALICE, { exp: r.pick([0, -1, 1, '9999999999', null, true, Infinity, 'later']) }),
    () => fake.accessToken(ALICE, { exp: undefined }),
  ];
  return `Bearer ${(shapes[i % shapes.length] as () => string)()}`;
};

const wrongAlgorithm: Gen = (r, i) => {
  const claims = goodClaims();
  const shapes: (() => string)[] = [
    () => fake.accessToken(ALICE, {}, { alg: 'none' }),
    () => `${fake.accessToken(ALICE, {}, { alg: 'none' })}${r.b64(1 + r.int(40))}`,
    () => fake.accessToken(ALICE, {}, { alg: 'HS256' }),
    () => fake.accessToken(ALICE, {}, { alg: 'HS256', kid: null }),
    () => signRotated({ alg: 'RS512' }, claims, 'SHA512'),
    () => signRotated({ alg: 'RS384' }, claims, 'SHA384'),
    () => signRotated({ alg: r.pick(['PS256', 'ES256', 'EdDSA', 'none', 'NONE', 'nOnE', 'HS512', '', 'RS256 ', 'rs256']) }, claims),
    () => signRotated({ alg: 'RS256', crit: ['exp'], jku: 'http://127.0.0.1:1/jwks.json', x5u: 'http://127.0.0.1:1/x' }, { ...claims, sub: 'sub-bob' }, 'SHA512'),
    () => `${b64url({ typ: 'JWT', kid: fake.kid })}.${b64url(claims)}.${r.b64(342)}`, // no alg at all
    () => fake.accessToken(ALICE, {}, { kid: r.pick([null, `made-up-${r.int(5)}`, '', '../../etc/passwd', fake.kid.toUpperCase()]) }),
  ];
  return `Bearer ${(shapes[i % shapes.length] as () => string)()}`;
};

/** Validly signed by the pool, but claims no API should accept. */
const badClaims: Gen = (r, i) => {
  const shapes: Record<string, unknown>[] = [
    { token_use: r.pick(['id', 'refresh', '', null, 'ACCESS']) },
    { client_id: r.pick(['someone-else', '', null, 42, [fake.clientId]]) },
    { iss: r.pick(['http://127.0.0.1:1/local_other', `${fake.issuer}/`, fake.issuer.toUpperCase(), null, '']) },
    { sub: r.pick([undefined, null, 42, {}, ['a']]) },
    { exp: r.pick(['soon', { n: 1 }, [now() + 100]]) },
  ];
  return `Bearer ${fake.accessToken(ALICE, shapes[i % shapes.length] ?? {})}`;
};

/** Over the 16 KB token limit (→ 401 "token too large"), and over the 128 KB header limit (→ 431). */
const oversized: Gen = (r, i) =>
  i % 4 === 3
    ? `Bearer ${r.b64(130 * 1024 + r.int(50_000))}`
    : `Bearer ${r.b64(MAX_TOKEN_CHARS - 40 + r.int(100_000))}.${r.b64(10)}.${r.b64(10)}`;

interface Outcome {
  status: number;
}

const ROUTES = [
  { method: 'GET', path: '/api/activities/home' },
  { method: 'GET', path: '/api/me' },
  { method: 'POST', path: '/api/activities', body: JSON.stringify({ message: 'fuzz', ttl: '1-day' }) },
] as const;

async function send(authorization: string, i: number): Promise<Outcome> {
  const route = ROUTES[i % ROUTES.length] ?? ROUTES[0];
  const headers: Record<string, string> = { authorization };
  if ('body' in route) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${route.path}`, {
    method: route.method,
    headers,
    body: 'body' in route ? route.body : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return { status: res.status };
}

/** Bytes fetch() refuses to put in a header (control characters, bare CR/LF, NUL, obs-text): over a raw socket. */
function sendRaw(headerValue: Buffer): Promise<Outcome> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      if (status === 0) reject(new Error(`no status line: ${JSON.stringify(data.slice(0, 80))}`));
      else resolve({ status });
    });
    socket.end(Buffer.concat([
      Buffer.from('GET /api/activities/home HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer '),
      headerValue,
      Buffer.from('\r\n\r\n'),
    ]));
  });
}

const rawValue: Gen = (r, i) => {
  const token = fake.accessToken(ALICE);
  const at = 1 + r.int(token.length - 2);
  const bad = [0x00, 0x01, 0x07, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f, 0x80, 0xa0, 0xff][i % 11] ?? 0;
  return Buffer.concat([Buffer.from(token.slice(0, at)), Buffer.from([bad]), Buffer.from(token.slice(at))]).toString('latin1');
};

/** Runs `count` requests, 8 at a time; returns how many got each status. */
async function fuzz(gen: Gen, count: number, seed: number, raw = false): Promise<Map<number, number>> {
  const r = prng(seed);
  // Generate first (in order, so the PRNG sequence never depends on response timing).
  const inputs = Array.from({ length: count }, (_, i) => gen(r, i));
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const input = inputs[i] ?? '';
      const { status } = raw ? await sendRaw(Buffer.from(input, 'latin1')) : await send(input, i);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return statuses;
}

const all = new Map<number, number>();
let total = 0;

describe('token fuzzing: nothing gets through, nothing breaks', { timeout: 60_000 }, () => {
  // scenario, generator, count, seed, statuses allowed, raw socket
  it.each<[string, Gen, number, number, number[], boolean]>([
    ['malformed headers and tokens → 401', malformed, 240, 1, [401], false],
    ['tampered header, payload or signature → 401', tampered, 250, 2, [401], false],
    ['expired, not-yet-valid or exp-less tokens → 401', expired, 150, 3, [401], false],
    ['wrong algorithms (none, HS256 with the public key, RS512, PS256, no alg, bad kid) → 401', wrongAlgorithm, 200, 4, [401], false],
    ['validly signed tokens with claims we must refuse → 401', badClaims, 150, 5, [401], false],
    ['oversized tokens → 401, or 431 past the 128 KB header limit', oversized, 40, 6, [401, 431], false],
    ['control characters and obs-text in the header (raw socket) → 400 or 401', rawValue, 66, 7, [400, 401], true],
  ])('%s', async (_name, gen, count, seed, allowed, raw) => {
    const statuses = await fuzz(gen, count, seed, raw);
    for (const [status, n] of statuses) all.set(status, (all.get(status) ?? 0) + n);
    total += count;
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(count);
    expect([...statuses.keys()].filter((s) => !allowed.includes(s))).toEqual([]);
  });

  it('over 1,000 hostile requests in all: zero 5xx, zero 200, and the server still serves a good token', async () => {
    expect(total).toBeGreaterThanOrEqual(1000);
    const fiveHundreds = [...all].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
    expect({ fiveHundreds, ok: all.get(200) ?? 0 }).toEqual({ fiveHundreds: 0, ok: 0 });
    expect(all.get(401)).toBeGreaterThan(900);
    // Made-up kids cannot hammer the JWKS: the penalty box holds it to a handful of fetches.
    expect(fake.jwksHits()).toBeLessThanOrEqual(6);

    const health = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const good = await send(`Bearer ${fake.accessToken(ALICE)}`, 0);
    expect(good.status).toBe(200);
  });
});

describe('body fuzzing: a good token with hostile bodies gets 4xx, never a 5xx, never a crud', { timeout: 60_000 }, () => {
  it('400 bodies of every shape (JSON non-cruds, broken JSON, raw bytes, forms, oversized, wrong types) → 400, 413, 415 or 422', async () => {
    const r = prng(8);
    const cases = Array.from({ length: 400 }, (_, i) => bodyCase(r, i));
    const token = fake.accessToken(ALICE);
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const { type, body } = cases[next++] as BodyCase;
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (type !== null) headers['content-type'] = type;
        const res = await fetch(`${api.url}/api/activities`, { method: 'POST', headers, body: new Uint8Array(body), signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        expect(() => JSON.parse(text) as unknown, `status ${res.status} must carry JSON`).not.toThrow();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect([...statuses.keys()].filter((s) => ![400, 413, 415, 422].includes(s))).toEqual([]);
    // Every kind of refusal was reached, so the fuzzer is not stuck on one path.
    expect([...statuses.keys()].sort()).toEqual([400, 413, 415, 422]);
    const home = await fetch(`${api.url}/api/activities/home`, { headers: { authorization: `Bearer ${token}` } });
    const feed = (await home.json()) as { handle: string; message: string }[];
    expect(feed.filter((a) => a.handle === 'alice')).toEqual([]);
  });
});
