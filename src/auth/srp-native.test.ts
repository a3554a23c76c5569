/**
 * The native SRP maths against amazon-cognito-identity-js's own AuthenticationHelper, on the
 * same random inputs: same padHex, same A for the same a, same HKDF key and same claim
 * signature for the same challenge. The library takes a few hundred milliseconds per case, so
 * this file runs a sample; `npm run bench -- --only=srp` runs the full 1,000.
 */
import { AuthenticationHelper as LibraryHelper } from 'amazon-cognito-identity-js';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareWithLibrary, librarySignature, type HelperClass } from './srp-compare.ts';
import { g, modPow, N, padHex, passwordAuthenticationKey, passwordClaimSignature, useNativeSrp, librarySrpMethods } from './srp-native.ts';

// The package exports the class at runtime but its typings omit it.
const Library = LibraryHelper as unknown as HelperClass;
class NativeHelper extends (Library as unknown as new (pool: string) => object) {}
useNativeSrp(NativeHelper);
const Native = NativeHelper as unknown as HelperClass;

const libraryPadHex = (v: bigint): string => {
  const helper = new Library('pool');
  const Big = helper.N.constructor as new (hex: string, radix: number) => unknown;
  const big = v < 0n ? (new Big((-v).toString(16), 16) as { negate(): unknown }).negate() : new Big(v.toString(16), 16);
  return (helper as unknown as { padHex(x: unknown): string }).padHex(big);
};

describe('srp-native', () => {
  it.each([
    [20n],
    [236n],
    [-236n],
    [-200n],
    [-20n],
    [-56n],
    [200n],
    [-128n],
    [-32768n],
    [0n],
    [1n],
    [-1n],
    [-(1n << 3071n)],
    [N],
    [-N],
  ])('padHex(%s) writes what the library writes', (v) => {
    expect(padHex(v)).toBe(libraryPadHex(v));
  });

  it.each([
    [3n, 0n, 7n, 1n],
    [3n, 5n, 7n, 5n],
    [-3n, 3n, 7n, 1n],
    [2n, 10n, 1000n, 24n],
    [10n, 3n, 1n, 0n],
  ])('modPow(%s, %s, %s) is %s', (b, e, m, want) => {
    expect(modPow(b, e, m)).toBe(want);
  });

  it('modPow agrees with plain repeated squaring on a 3072-bit modulus', () => {
    const base = BigInt(`0x${randomBytes(384).toString('hex')}`);
    const exp = BigInt(`0x${randomBytes(40).toString('hex')}`);
    let want = 1n;
    for (let b = base % N, e = exp; e > 0n; e >>= 1n, b = (b * b) % N) if (e & 1n) want = (want * b) % N;
    expect(modPow(base, exp, N)).toBe(want);
    expect(modPow(g, exp, N)).toBe(modPow(2n + N, exp, N));
  });

  // 12 random cases here (the library needs ~0.3 s each on this machine); 1,000 in the bench.
  it('A, the HKDF key and the claim signature match the library on 12 random challenges', async () => {
    expect(librarySrpMethods(Library)).toBeUndefined(); // really the library's maths on one side
    const report = await compareWithLibrary(Library, Native, 12, librarySignature);
    expect(report.mismatches).toEqual([]);
    expect(report.cases).toBe(12);
  }, 60_000);

  it('the key signs exactly as the library signs it (HMAC-SHA256 over pool, user, secret block, time)', async () => {
    const key = new Uint8Array(randomBytes(16));
    const o = { poolName: 'abcDEF123', userIdForSrp: 'c0ffee-user', secretBlock: randomBytes(300).toString('base64'), timestamp: 'Sat Nov 28 05:26:39 UTC 2026' };
    expect(await passwordClaimSignature(key, o)).toBe(librarySignature(key, o));
  });

  it('B ≡ 0 is refused before any hashing, like the library', async () => {
    await expect(passwordAuthenticationKey({ poolName: 'p', username: 'u', password: 'pw', a: 5n, A: 32n, B: N, salt: 1n })).rejects.toThrow(
      'B cannot be zero.',
    );
    const helper = new Native('pool') as unknown as { getPasswordAuthenticationKey(...args: unknown[]): void; N: { constructor: unknown } };
    const Big = helper.N.constructor as new (hex: string, radix: number) => unknown;
    expect(() => helper.getPasswordAuthenticationKey('u', 'pw', new Big('0', 16), new Big('1', 16), () => {})).toThrow('B cannot be zero.');
  });

  it('patching twice keeps the first patch (no native-over-native wrapping)', () => {
    const before = (NativeHelper.prototype as { getLargeAValue: unknown }).getLargeAValue;
    useNativeSrp(NativeHelper);
    expect((NativeHelper.prototype as { getLargeAValue: unknown }).getLargeAValue).toBe(before);
    expect((Library as unknown as { prototype: { getLargeAValue: unknown } }).prototype.getLargeAValue).not.toBe(before);
    expect(librarySrpMethods(NativeHelper)?.getLargeAValue).toBe((Library as unknown as { prototype: { getLargeAValue: unknown } }).prototype.getLargeAValue);
  });
});
