import { createDiffieHellman, createHash, createHmac, hkdfSync } from 'node:crypto';
import * as cognito from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import { computeKey, computeU, computeX, g, k, N, padHex, passwordSignature, startPasswordVerifier } from './srp.ts';

// The library's AuthenticationHelper is exported at runtime but not in its typings.
interface LibBigInteger {
  toString(radix: number): string;
  constructor: new (hex: string, radix: number) => LibBigInteger;
}
interface LibHelper {
  N: LibBigInteger;
  k: LibBigInteger;
  smallAValue: LibBigInteger;
  largeAValue: LibBigInteger | undefined;
  padHex(n: LibBigInteger): string;
  getLargeAValue(cb: (err: unknown, A: LibBigInteger) => void): void;
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: LibBigInteger,
    salt: LibBigInteger,
    cb: (err: unknown, hkdf: Uint8Array) => void,
  ): void;
}
const { AuthenticationHelper, DateHelper } = cognito as unknown as {
  AuthenticationHelper: new (poolName: string) => LibHelper;
  DateHelper: new () => { getNowString(): string };
};

/** The library's client half with a fixed secret `a`, so every value below is reproducible. */
function libraryClient(poolName: string, aHex: string) {
  const helper = new AuthenticationHelper(poolName);
  const Big = helper.N.constructor;
  helper.smallAValue = new Big(aHex, 16);
  helper.largeAValue = undefined;
  let A = '';
  helper.getLargeAValue((_err, value) => (A = value.toString(16)));
  const key = (user: string, password: string, bHex: string, saltHex: string) =>
    new Promise<Buffer>((resolve, reject) =>
      helper.getPasswordAuthenticationKey(user, password, new Big(bHex, 16), new Big(saltHex, 16), (err, hkdf) =>
        err ? reject(err) : resolve(Buffer.from(hkdf)),
      ),
    );
  return { helper, Big, A, key };
}

/** Independent modular exponentiation: OpenSSL's, through a Diffie-Hellman object on the same group. */
function opensslModPow(base: bigint, exp: bigint): bigint {
  const dh = createDiffieHellman(Buffer.from(N.toString(16), 'hex'), Buffer.from([2]));
  const toBuf = (n: bigint) => Buffer.from(n.toString(16).padStart(768, '0'), 'hex');
  dh.setPrivateKey(toBuf(exp));
  if (base === 2n) {
    dh.generateKeys();
    return BigInt(`0x${dh.getPublicKey('hex')}`);
  }
  return BigInt(`0x${dh.computeSecret(toBuf(base)).toString('hex')}`);
}

/** Independent hashing of the spec formulas on fixed-width byte strings (no padHex). */
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const bytes = (n: bigint, len: number) => Buffer.from(n.toString(16).padStart(len * 2, '0'), 'hex');
const ZERO = Buffer.from([0]);

// Fixed inputs: a 3071-bit a and random-looking bytes for the server's salt and b.
const poolName = 'Xy7pQ2Lm';
const userId = '6c3b2e9a-0d4f-4b1e-9a77-1f2e3d4c5b6a';
const password = 'Corr3ct-Horse!';
const aHex = '5f'.repeat(128);
const fixedRandom = (n: number) => Buffer.alloc(n, n === 16 ? 0x9c : 0x3d); // salt has its top bit set

describe('Cognito SRP-6a server half', () => {
  it.each([0n, 0x7fn, 0x80n, 0x1234n, 0xabcdefn, N])('padHex(%s) is the library padHex', (n) => {
    const { helper, Big } = libraryClient(poolName, aHex);
    expect(padHex(n)).toBe(helper.padHex(new Big(n.toString(16), 16)));
  });

  it('k = H(00|N | 02) matches the library and an independent hash', () => {
    const { helper } = libraryClient(poolName, aHex);
    expect(k.toString(16)).toBe(helper.k.toString(16));
    expect(k).toBe(BigInt(`0x${sha(ZERO, bytes(N, 384), Buffer.from([2])).toString('hex')}`));
  });

  it('x, u, S and K match the spec formulas computed independently', () => {
    const salt = BigInt(`0x${'9c'.repeat(16)}`);
    const a = BigInt(`0x${aHex}`);
    const b = BigInt(`0x${'3d'.repeat(128)}`);
    const inner = sha(Buffer.from(`${poolName}${userId}:${password}`));
    const x = BigInt(`0x${sha(ZERO, bytes(salt, 16), inner).toString('hex')}`); // top bit set → 00 prefix
    expect(computeX(salt, poolName, userId, password)).toBe(x);

    const v = opensslModPow(2n, x);
    const A = opensslModPow(2n, a);
    const B = (k * v + opensslModPow(2n, b)) % N;
    const lenOf = (n: bigint) => Math.ceil(n.toString(16).length / 2);
    const signed = (n: bigint) => (/^[89a-f]/.test(n.toString(16).padStart(lenOf(n) * 2, '0')) ? [ZERO, bytes(n, lenOf(n))] : [bytes(n, lenOf(n))]);
    const u = BigInt(`0x${sha(...signed(A), ...signed(B)).toString('hex')}`);
    expect(computeU(A, B)).toBe(u);

    // Client and server S agree: (B - k·v)^(a + u·x) = (A·v^u)^b mod N.
    const clientBase = (((B - k * v) % N) + N) % N;
    const sClient = opensslModPow(clientBase, a + u * x);
    const sServer = opensslModPow((A * opensslModPow(v, u)) % N, b);
    expect(sClient).toBe(sServer);

    // K via OpenSSL's HKDF (RFC 5869), which adds the 0x01 counter the library appends by hand.
    const ikm = Buffer.concat(signed(sServer));
    const hkdfSalt = Buffer.concat(signed(u));
    const key = Buffer.from(hkdfSync('sha256', ikm, hkdfSalt, 'Caldera Derived Key', 16));
    expect(computeKey(sServer, u).equals(key)).toBe(true);
  });

  it('the library derives the same K and its signature passes the check', async () => {
    const client = libraryClient(poolName, aHex);
    const server = startPasswordVerifier({ poolName, userIdForSrp: userId, password, srpA: client.A, randomBytes: fixedRandom });
    const key = await client.key(userId, password, server.srpB, server.salt);
    const secretBlock = Buffer.from('opaque secret block').toString('base64');
    const timestamp = 'Tue Mar 3 09:05:07 UTC 2026';
    // The signature exactly as CognitoUser.js:298–310 builds it.
    const signature = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]))
      .digest('base64');
    expect(passwordSignature(key, poolName, userId, secretBlock, timestamp)).toBe(signature);
    expect(server.check({ signature, secretBlock, timestamp })).toBe(true);
  });

  it.each([
    ['a wrong password', 'Wrong-Horse1!', 'Tue Mar 3 09:05:07 UTC 2026', 'Tue Mar 3 09:05:07 UTC 2026'],
    ['a timestamp other than the signed one', password, 'Tue Mar 3 09:05:07 UTC 2026', 'Tue Mar 3 09:05:08 UTC 2026'],
    ['a timestamp not in the library format', password, '2026-03-03T09:05:07Z', '2026-03-03T09:05:07Z'],
  ])('the check fails for %s', async (_name, clientPassword, signedTimestamp, sentTimestamp) => {
    const client = libraryClient(poolName, aHex);
    const server = startPasswordVerifier({ poolName, userIdForSrp: userId, password, srpA: client.A });
    const key = await client.key(userId, clientPassword, server.srpB, server.salt);
    const secretBlock = Buffer.from('block').toString('base64');
    const signature = passwordSignature(key, poolName, userId, secretBlock, signedTimestamp);
    expect(server.check({ signature, secretBlock, timestamp: sentTimestamp })).toBe(false);
  });

  it('a round trip with random a, b and salt succeeds 5 times in a row', async () => {
    for (let i = 0; i < 5; i++) {
      const client = new AuthenticationHelper(poolName);
      let A = '';
      client.getLargeAValue((_e, value) => (A = value.toString(16)));
      const server = startPasswordVerifier({ poolName, userIdForSrp: userId, password, srpA: A });
      const Big = client.N.constructor;
      const key = await new Promise<Buffer>((resolve) =>
        client.getPasswordAuthenticationKey(userId, password, new Big(server.srpB, 16), new Big(server.salt, 16), (_e, h) =>
          resolve(Buffer.from(h)),
        ),
      );
      const timestamp = new DateHelper().getNowString();
      const signature = passwordSignature(key, poolName, userId, 'AAEC', timestamp);
      expect(server.check({ signature, secretBlock: 'AAEC', timestamp })).toBe(true);
    }
  });

  it('an A that is 0 mod N is refused', () => {
    expect(() => startPasswordVerifier({ poolName, userIdForSrp: userId, password, srpA: N.toString(16) })).toThrow(RangeError);
  });

  it('g is 2', () => expect(g).toBe(2n));
});
