/**
 * The client maths of Cognito's SRP-6a sign-in on native `BigInt` and WebCrypto
 * (`crypto.subtle`, present in extension workers, pages and Node 20). No SDK import: the
 * Cognito adapter runs the exchange with `srpClaim` (and a device's with `deviceVerifier`)
 * over its own calls. `useNativeSrp` puts the same maths on the library's helper for the
 * bench's comparison only; production code never patches the library.
 *
 * Why: the library's big-integer code (jsbn) takes several hundred milliseconds per sign-in in
 * a browser worker; V8's and SpiderMonkey's BigInt do the same modular exponentiations many
 * times faster. Byte-for-byte compatibility with the library (its `padHex` two's-complement
 * hex, its hash-of-hex conventions) is what lets Cognito's verifier accept the result; the unit
 * test and the bench compare both on random inputs.
 *
 * Cognito's variant, with H = SHA-256 and `|` byte concatenation of padHex values:
 *   k = H(N | g)            A = g^a mod N            u = H(A | B)
 *   x = H(salt | H(poolName | username | ":" | password))
 *   S = (B − k·g^x)^(a + u·x) mod N
 *   key = HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key")[0..16)
 *   PASSWORD_CLAIM_SIGNATURE = base64 HMAC-SHA256(key, poolName | userIdForSrp | secretBlock | timestamp)
 */

/** The 3072-bit group of RFC 5054 (appendix A), as Cognito uses it. */
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
// eslint-disable-next-line ui-text/from-catalog -- HKDF's info label in Cognito's SRP, fixed bytes of the protocol, never shown
const INFO = new TextEncoder().encode('Caldera Derived Key');

/** The library's `padHex`: even-length hex of the two's-complement encoding (Java's toByteArray). */
export function padHex(value: bigint): string {
  const negative = value < 0n;
  let hex = (negative ? -value : value).toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  if (!negative) return hex;
  // Flip every bit and add one; the library writes the result in lower case and drops a
  // redundant leading "ff" before an "8" (only for 80…00).
  const bits = BigInt(`0x${hex}`) ^ ((1n << BigInt(hex.length * 4)) - 1n);
  let out = (bits + 1n).toString(16);
  if (out.toUpperCase().startsWith('FF8')) out = out.slice(2);
  return out;
}

/** Non-negative `base^exp mod m`, left to right over 4-bit windows. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  if (exp === 0n) return 1n;
  if (b === 2n) return pow2(exp, m);
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i += 1) table.push(((table[i - 1] ?? 1n) * b) % m);
  const hex = exp.toString(16);
  let r = table[parseInt(hex[0] ?? '0', 16)] ?? 1n;
  for (let i = 1; i < hex.length; i += 1) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    const d = parseInt(hex[i] ?? '0', 16);
    if (d !== 0) r = (r * (table[d] ?? 1n)) % m;
  }
  return r;
}

/** 2^exp mod m: a multiply by the base is a one-bit shift and at most one subtraction. */
function pow2(exp: bigint, m: bigint): bigint {
  let r = 1n;
  for (let i = exp.toString(2), j = 0; j < i.length; j += 1) {
    r = (r * r) % m;
    if (i[j] === '1') {
      r <<= 1n;
      if (r >= m) r -= m;
    }
  }
  return r;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  // Like Buffer.from(hex, 'hex'): pairs of digits; the library only ever passes even lengths.
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** H over the bytes of a hex string, as a 64-digit hex string (the library's `hexHash`). */
async function hexHash(hex: string): Promise<string> {
  return bytesToHex(await sha256(hexToBytes(hex)));
}

let kPromise: Promise<bigint> | undefined;
/** k = H(N | g), once per context. */
function multiplier(): Promise<bigint> {
  kPromise ??= hexHash(padHex(N) + padHex(g)).then((h) => BigInt(`0x${h}`));
  return kPromise;
}

/** A = g^a mod N; throws for the A ≡ 0 the protocol forbids (as the library does). */
export function largeA(a: bigint): bigint {
  const A = modPow(g, a, N);
  if (A === 0n) throw new Error('Illegal paramater. A mod N cannot be 0.');
  return A;
}

export interface KeyInput {
  poolName: string;
  /** USER_ID_FOR_SRP from the challenge. */
  username: string;
  password: string;
  a: bigint;
  A: bigint;
  B: bigint;
  salt: bigint;
}

/** u = H(A | B); exported so the adapter patch can keep the library's `UValue` field. */
export async function scramble(A: bigint, B: bigint): Promise<bigint> {
  return BigInt(`0x${await hexHash(padHex(A) + padHex(B))}`);
}

/** The 16-byte HKDF key the claim signature is keyed with. */
export async function passwordAuthenticationKey(input: KeyInput, u?: bigint): Promise<Uint8Array<ArrayBuffer>> {
  if (input.B % N === 0n) throw new Error('B cannot be zero.');
  const scrambler = u ?? (await scramble(input.A, input.B));
  if (scrambler === 0n) throw new Error('U cannot be zero.');
  const text = new TextEncoder().encode(`${input.poolName}${input.username}:${input.password}`);
  const x = BigInt(`0x${await hexHash(padHex(input.salt) + bytesToHex(await sha256(text)))}`);
  const k = await multiplier();
  const S = modPow(input.B - k * modPow(g, x, N), input.a + scrambler * x, N);
  const ikm = await crypto.subtle.importKey('raw', hexToBytes(padHex(S)), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: hexToBytes(padHex(scrambler)), info: INFO },
    ikm,
    128,
  );
  return new Uint8Array(bits);
}

/** PASSWORD_CLAIM_SIGNATURE (base64), what the library computes from the key above. */
export async function passwordClaimSignature(
  key: Uint8Array<ArrayBuffer>,
  o: { poolName: string; userIdForSrp: string; secretBlock: string; timestamp: string },
): Promise<string> {
  const hmac = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const enc = new TextEncoder();
  const secret = Uint8Array.from(atob(o.secretBlock), (c) => c.charCodeAt(0));
  const message = concat(enc.encode(o.poolName), enc.encode(o.userIdForSrp), secret, enc.encode(o.timestamp));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, message));
  return btoa(String.fromCharCode(...mac));
}

/** The library's big-integer type, as far as we use it: hex out, and its own constructor. */
interface LibBigInteger {
  toString(radix: number): string;
}
type LibBigIntegerClass = new (hex: string, radix: number) => LibBigInteger;

/** The fields and methods of amazon-cognito-identity-js's AuthenticationHelper we read or replace. */
interface Helper {
  N: LibBigInteger;
  smallAValue: LibBigInteger;
  largeAValue?: LibBigInteger | null;
  UValue?: LibBigInteger;
  poolName: string;
  getLargeAValue(callback: (err: Error | null, A: LibBigInteger | null) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: LibBigInteger,
    salt: LibBigInteger,
    callback: (err: Error | null, key: Uint8Array | null) => void,
  ): void;
}

const toBigInt = (v: LibBigInteger): bigint => {
  const hex = v.toString(16);
  return hex.startsWith('-') ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
};
/** A library big integer from ours, built with the library's own class (no import needed). */
const fromBigInt = (self: Helper, v: bigint): LibBigInteger => new (self.N.constructor as LibBigIntegerClass)(v.toString(16), 16);

const PATCHED = Symbol.for('cruddur.srp-native');

/**
 * Replaces `getLargeAValue` and `getPasswordAuthenticationKey` on `helperClass.prototype` with
 * the native maths, keeping their contracts: A is computed synchronously (the constructor
 * calls it and the library reads `largeAValue` right after), `B ≡ 0` throws synchronously,
 * the key arrives through the callback (WebCrypto is asynchronous; the library only continues
 * inside that callback). Idempotent.
 */
export function useNativeSrp(helperClass: { prototype: object }): void {
  const proto = helperClass.prototype as Helper & { [PATCHED]?: LibraryMethods };
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return;
  const originals: LibraryMethods = { getLargeAValue: proto.getLargeAValue, getPasswordAuthenticationKey: proto.getPasswordAuthenticationKey };

  proto.getLargeAValue = function (this: Helper, callback) {
    if (!this.largeAValue) this.largeAValue = fromBigInt(this, largeA(toBigInt(this.smallAValue)));
    callback(null, this.largeAValue);
  };

  proto.getPasswordAuthenticationKey = function (this: Helper, username, password, B, salt, callback) {
    const b = toBigInt(B);
    if (b % N === 0n) throw new Error('B cannot be zero.');
    const A = this.largeAValue ? toBigInt(this.largeAValue) : largeA(toBigInt(this.smallAValue));
    const input: KeyInput = { poolName: this.poolName, username, password, a: toBigInt(this.smallAValue), A, B: b, salt: toBigInt(salt) };
    void (async () => {
      const u = await scramble(A, b);
      this.UValue = fromBigInt(this, u);
      return passwordAuthenticationKey(input, u);
    })().then(
      (key) => callback(null, key),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
  Object.defineProperty(proto, PATCHED, { value: originals });
}

type LibraryMethods = Pick<Helper, 'getLargeAValue' | 'getPasswordAuthenticationKey'>;

/**
 * The library's own two methods if `helperClass` was patched, else undefined: the bench puts
 * them on a subclass to time the library beside the native maths in one process.
 */
export function librarySrpMethods(helperClass: { prototype: object }): LibraryMethods | undefined {
  const proto = helperClass.prototype as { [PATCHED]?: LibraryMethods };
  return Object.prototype.hasOwnProperty.call(proto, PATCHED) ? proto[PATCHED] : undefined;
}

/**
 * A fresh secret `a` for one SRP exchange: 128 random bytes reduced mod N, as the library draws
 * it; zero (which makes A ≡ 1) is drawn again.
 */
export function randomSmallA(): bigint {
  for (;;) {
    const a = BigInt(`0x${bytesToHex(crypto.getRandomValues(new Uint8Array(128)))}`) % N;
    if (a !== 0n) return a;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The TIMESTAMP Cognito signs over: `ddd MMM D HH:mm:ss UTC YYYY`, day without a leading zero. */
export function srpTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** What an SRP challenge (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER) gives and we answer. */
export interface SrpClaimInput {
  /** The pool name (the part of the pool id after `_`), or the device group key for a device. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the device key for a device. */
  username: string;
  password: string;
  a: bigint;
  /** SRP_B, SALT and SECRET_BLOCK from the challenge parameters. */
  srpB: string;
  salt: string;
  secretBlock: string;
  now: Date;
}

/** PASSWORD_CLAIM_SIGNATURE and its TIMESTAMP for one SRP challenge. */
export async function srpClaim(o: SrpClaimInput): Promise<{ signature: string; timestamp: string }> {
  const A = largeA(o.a);
  const key = await passwordAuthenticationKey({
    poolName: o.poolName,
    username: o.username,
    password: o.password,
    a: o.a,
    A,
    B: BigInt(`0x${o.srpB}`),
    salt: BigInt(`0x${o.salt}`),
  });
  const timestamp = srpTimestamp(o.now);
  const signature = await passwordClaimSignature(key, { poolName: o.poolName, userIdForSrp: o.username, secretBlock: o.secretBlock, timestamp });
  return { signature, timestamp };
}

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/**
 * A device's secret and the verifier ConfirmDevice registers, as the library's
 * `generateHashDevice` makes them: a random 40-byte password (base64), a random salt, and
 * verifier = g^H(salt | H(groupKey | deviceKey | ":" | password)) mod N.
 */
export async function deviceVerifier(deviceGroupKey: string, deviceKey: string): Promise<{ password: string; salt: string; verifier: string }> {
  const password = toBase64(crypto.getRandomValues(new Uint8Array(40)));
  const hashed = bytesToHex(await sha256(new TextEncoder().encode(`${deviceGroupKey}${deviceKey}:${password}`)));
  const saltHex = padHex(BigInt(`0x${bytesToHex(crypto.getRandomValues(new Uint8Array(16)))}`));
  const x = BigInt(`0x${await hexHash(saltHex + hashed)}`);
  const verifierHex = padHex(modPow(g, x, N));
  return { password, salt: toBase64(hexToBytes(saltHex)), verifier: toBase64(hexToBytes(verifierHex)) };
}
