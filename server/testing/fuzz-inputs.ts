// Seeded hostile inputs for the fuzz suites (fuzz.test.ts, fuzz-routes.test.ts): the same
// inputs on every run, so a failure replays.

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const str = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, b64: (n: number) => str(B64URL, n), printable: (n: number) => str(PRINTABLE, n) };
}

/** A JSON value that is never a valid new crud (no ttl is ever one of Cruddur's). */
function jsonValue(r: ReturnType<typeof prng>, depth = 0): unknown {
  const scalars = [null, true, false, 0, -1, 1e308, 'x', '', '\u0000', '🦀'.repeat(r.int(5)), r.printable(r.int(20))];
  if (depth > 2) return r.pick(scalars);
  switch (r.int(4)) {
    case 0: return r.pick(scalars);
    case 1: return Array.from({ length: r.int(4) }, () => jsonValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (const k of ['message', 'ttl', '__proto__', 'constructor', r.printable(1 + r.int(6))]) {
        if (r.next() < 0.6) o[k] = k === 'ttl' ? r.pick(['2-weeks', '1-DAY', ' 1-day', '', 0, null, ['1-day'], { v: '1-day' }]) : jsonValue(r, depth + 1);
      }
      return o;
    }
  }
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'];
const OTHER_TYPES = ['', 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=--x',
  'application/json; charset=utf-16', 'application/jsonp', 'application/ld+json', 'json', '*/*', 'application/json, text/plain', ';;;', 'application/json\t'];

export interface BodyCase { type: string | null; body: Buffer }

/** A content type (or none) and a body: JSON that is not a crud, broken JSON, raw bytes, or too large. */
export function bodyCase(r: ReturnType<typeof prng>, i: number): BodyCase {
  const type = i % 4 === 3 ? (i % 8 === 7 ? null : r.pick(OTHER_TYPES)) : r.pick(JSON_TYPES);
  const json = JSON.stringify(jsonValue(r));
  const shapes: (() => Buffer)[] = [
    () => Buffer.from(json),
    () => Buffer.from(json.slice(0, r.int(json.length))),
    () => Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256))),
    () => Buffer.from(`message=${r.printable(10)}&ttl=1-day`),
    () => Buffer.from(`{"message":"${'x'.repeat(17_000 + r.int(10_000))}","ttl":"1-day"}`),
    () => Buffer.from(`${'['.repeat(5000 + r.int(5000))}`),
    () => Buffer.from(`{"message":"\\ud800","ttl":${r.pick(['1', '"x"', 'null'])}}`),
  ];
  return { type, body: (shapes[i % shapes.length] as () => Buffer)() };
}

/** A path or query segment: printable text, percent-escapes of any byte (NUL, lone surrogates, bad UTF-8), or long runs. */
export function segment(r: ReturnType<typeof prng>): string {
  const escapes = ['%00', '%ED%A0%80', '%FF', '%C0%AF', '%E2%80%AE', '%F3%A0%81%81', '%25', '%2F', '%40', '%5C', '%27', '%22', '%0A'];
  const parts = Array.from({ length: 1 + r.int(6) }, () => (r.next() < 0.5 ? r.pick(escapes) : encodeURIComponent(r.printable(1 + r.int(12)))));
  if (r.next() < 0.05) parts.push('a'.repeat(5000));
  return parts.join('');
}
