/**
 * Server side of Cognito's SRP-6a variant, as amazon-cognito-identity-js 6.3 speaks it.
 *
 * Every byte layout mirrors node_modules/amazon-cognito-identity-js/src/AuthenticationHelper.js
 * (line numbers of 6.3.21 in the comments) and CognitoUser.js#authenticateUserDefaultAuth
 * (lines 230–377). Pure: randomness comes in as a parameter so tests can fix it.
 */
import { createHash, createHmac, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The RFC 5054 3072-bit group and generator (`initN` in AuthenticationHelper.js:27–43): public
 * constants, written once, in the extension's own SRP maths.
 */
import { N, g } from '../../src/auth/srp-native.ts';

export { N, g };

/**
 * `padHex` (AuthenticationHelper.js:371–419) for the non-negative values a server meets: even
 * length, plus a `00` byte when the top bit is set (Java `toByteArray()` style).
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex: negative values never occur server side');
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** `hash` / `hexHash` (lines 222–245): SHA-256, as 64 hex digits. */
export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
export const hexHash = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));

/** k = H(pad(N) | pad(g)), line 58. */
export const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** u = H(pad(A) | pad(B)), `calculateU` (line 212). */
export const computeU = (A: bigint, B: bigint): bigint => BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);

/**
 * x = H(pad(salt) | H(poolName | userIdForSrp | ':' | password)), `getPasswordAuthenticationKey`
 * (lines 294–300). `poolName` is the pool id after '_' (CognitoUserPool.js:74).
 */
export function computeX(salt: bigint, poolName: string, userIdForSrp: string, password: string): bigint {
  const inner = sha256Hex(`${poolName}${userIdForSrp}:${password}`);
  return BigInt(`0x${hexHash(padHex(salt) + inner)}`);
}

/** K = HKDF-SHA256(ikm = pad(S), salt = pad(u), info = "Caldera Derived Key"), first 16 bytes (`computehkdf`, lines 255–273). */
export function computeKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
  const info = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);
  return createHmac('sha256', prk).update(info).digest().subarray(0, 16);
}

/** HMAC-SHA256(K, poolName | userIdForSrp | secretBlock bytes | timestamp), CognitoUser.js:298–310. */
export function passwordSignature(
  key: Buffer,
  poolName: string,
  userIdForSrp: string,
  secretBlockBase64: string,
  timestamp: string,
): string {
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userIdForSrp, 'utf8'),
    Buffer.from(secretBlockBase64, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return createHmac('sha256', key).update(message).digest('base64');
}

/** `DateHelper.getNowString()`: "ddd MMM D HH:mm:ss UTC YYYY", day not padded. */
export const TIMESTAMP_FORMAT = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/;

export interface PasswordVerifier {
  /** Hex, as the PASSWORD_VERIFIER challenge's SALT. */
  salt: string;
  /** Hex, as SRP_B. */
  srpB: string;
  /** True when the client proved it knows the password (constant-time compare). */
  check(claim: { signature: string; secretBlock: string; timestamp: string }): boolean;
}

/**
 * Starts the server half for one sign-in: picks salt and b, derives v = g^x and
 * B = k·v + g^b, and returns a checker that recomputes S = (A·v^u)^b and the signature.
 * Throws RangeError for an A with A mod N = 0 (SRP-6a's safeguard; the library checks B alike).
 */
export function startPasswordVerifier(o: {
  poolName: string;
  userIdForSrp: string;
  password: string;
  srpA: string;
  randomBytes?: (n: number) => Buffer;
}): PasswordVerifier {
  const random = o.randomBytes ?? nodeRandomBytes;
  const salt = BigInt(`0x${random(16).toString('hex')}`);
  const v = modPow(g, computeX(salt, o.poolName, o.userIdForSrp, o.password), N);
  return startVerifier({ ...o, salt, v });
}

/**
 * The same server half from a stored verifier `v` and its `salt`, as a remembered device is
 * checked (DEVICE_PASSWORD_VERIFIER): the device sent v = g^x in ConfirmDevice, with
 * x = H(salt | H(deviceGroupKey | deviceKey | ':' | its random password)), so `poolName` is the
 * device group key and `userIdForSrp` the device key (CognitoUser.js#getDeviceResponse).
 */
export function startVerifier(o: {
  poolName: string;
  userIdForSrp: string;
  salt: bigint;
  v: bigint;
  srpA: string;
  randomBytes?: (n: number) => Buffer;
}): PasswordVerifier {
  const random = o.randomBytes ?? nodeRandomBytes;
  const A = BigInt(`0x${o.srpA}`);
  if (A % N === 0n) throw new RangeError('SRP_A mod N is 0');
  const { salt, v } = o;
  const b = BigInt(`0x${random(128).toString('hex')}`) % N;
  const B = (k * v + modPow(g, b, N)) % N;
  const u = computeU(A, B);
  return {
    salt: padHex(salt),
    srpB: B.toString(16),
    check({ signature, secretBlock, timestamp }) {
      if (u === 0n || !TIMESTAMP_FORMAT.test(timestamp)) return false;
      const S = modPow((A * modPow(v, u, N)) % N, b, N);
      const expected = Buffer.from(
        passwordSignature(computeKey(S, u), o.poolName, o.userIdForSrp, secretBlock, timestamp),
        'base64',
      );
      const given = Buffer.from(signature, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
