/**
 * The native SRP maths (src/auth/srp-native.ts) side by side with amazon-cognito-identity-js's
 * AuthenticationHelper on random challenges: same A for the same a, same HKDF key, same claim
 * signature; and the time each side takes. Used by the unit test (a sample) and the bench
 * (1,000 cases, in Node and in a Chromium page). The classes come in as arguments: `Native` is
 * patched by `useNativeSrp`, `Library` has the library's own methods. Web APIs only (no Node
 * modules) except `librarySignature`, so the same code runs in the page.
 */
// A CommonJS package: Node's ESM loader gives it as a default export only.
import awsCrypto from '@aws-crypto/sha256-js';
import { N, passwordClaimSignature } from './srp-native.ts';

type Callback<T> = (err: Error | null, value: T | null) => void;
interface Big {
  toString(radix: number): string;
}
export interface HelperInstance {
  N: Big;
  smallAValue: Big;
  largeAValue?: Big | null;
  getLargeAValue(cb: Callback<Big>): void;
  getPasswordAuthenticationKey(username: string, password: string, B: Big, salt: Big, cb: Callback<Uint8Array>): void;
}
export type HelperClass = new (poolName: string) => HelperInstance;

export interface ClaimInput {
  poolName: string;
  userIdForSrp: string;
  secretBlock: string;
  timestamp: string;
}

/** The library's PASSWORD_CLAIM_SIGNATURE, computed as CognitoUser computes it. */
export function librarySignature(key: Uint8Array, o: ClaimInput): string {
  const mac = new awsCrypto.Sha256(key);
  mac.update(Buffer.concat([Buffer.from(o.poolName, 'utf8'), Buffer.from(o.userIdForSrp, 'utf8'), Buffer.from(o.secretBlock, 'base64'), Buffer.from(o.timestamp, 'utf8')]));
  return Buffer.from(mac.digestSync()).toString('base64');
}

export interface CompareReport {
  cases: number;
  /** One line per differing value, with the case number. */
  mismatches: string[];
  /** ms per case (A + key), library and native, same inputs. */
  libraryMs: number[];
  nativeMs: number[];
}

const hex = (bytes: Uint8Array | null): string => Array.from(bytes ?? [], (b) => b.toString(16).padStart(2, '0')).join('');
const randomHex = (n: number): string => hex(crypto.getRandomValues(new Uint8Array(n)));
const randomInt = (n: number): number => (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % n;
const randomBase64 = (n: number): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))));
const text = (n: number): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!é€漢😀';
  return Array.from({ length: n }, () => [...alphabet][randomInt([...alphabet].length)]).join('');
};

function run<T>(fn: (cb: Callback<T>) => void): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    fn((err, value) => (err || value === null ? reject(err ?? new Error('no value')) : resolve({ value, ms: performance.now() - start })));
  });
}

export async function compareWithLibrary(
  Library: HelperClass,
  Native: HelperClass,
  cases: number,
  /** The library side's signature; without it, only A and the key are compared. */
  sign?: (key: Uint8Array, o: ClaimInput) => string,
): Promise<CompareReport> {
  const report: CompareReport = { cases: 0, mismatches: [], libraryMs: [], nativeMs: [] };
  const poolName = text(9);
  // One helper per side, reused: the constructor already spends one g^a on a random a.
  const lib = new Library(poolName);
  const nat = new Native(poolName);
  const BigInteger = lib.N.constructor as new (hex: string, radix: number) => Big;
  for (let i = 0; i < cases; i += 1) {
    const a = new BigInteger(randomHex(128), 16);
    const B = BigInt(`0x${randomHex(384)}`) % N || 1n;
    const salt = new BigInteger(randomHex(16), 16);
    const user = `${text(8)}-${randomHex(4)}`;
    const password = text(1 + randomInt(40));
    const claim: ClaimInput = { poolName, userIdForSrp: user, secretBlock: randomBase64(200 + randomInt(600)), timestamp: new Date(randomInt(2 ** 40)).toUTCString() };
    const sides = [];
    for (const helper of [lib, nat]) {
      helper.smallAValue = a;
      helper.largeAValue = null;
      const A = await run<Big>((cb) => helper.getLargeAValue(cb));
      const key = await run<Uint8Array>((cb) => helper.getPasswordAuthenticationKey(user, password, new BigInteger(B.toString(16), 16), salt, cb));
      sides.push({ A: A.value.toString(16), key: hex(key.value), raw: key.value, ms: A.ms + key.ms });
    }
    const [l, n] = sides;
    if (!l || !n) throw new Error('unreachable');
    if (l.A !== n.A) report.mismatches.push(`case ${i}: A differs`);
    if (l.key !== n.key) report.mismatches.push(`case ${i}: key differs (${l.key} vs ${n.key})`);
    if (sign && sign(l.raw, claim) !== (await passwordClaimSignature(new Uint8Array(n.raw), claim))) report.mismatches.push(`case ${i}: signature differs`);
    report.libraryMs.push(l.ms);
    report.nativeMs.push(n.ms);
    report.cases += 1;
  }
  return report;
}
