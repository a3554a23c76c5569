/**
 * TOTP as authenticator apps and AWS compute it: RFC 6238 over RFC 4226 (HMAC-SHA-1, 6 digits,
 * 30-second steps), with the secret handed out as RFC 4648 base32 (what `otpauth://` URIs carry).
 * AWS accepts the code of the current step and of one step either side, for clock skew.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STEP_SECONDS = 30;
/** How many steps either side of now a code may come from (AWS: one). */
export const WINDOW = 1;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and `=` padding (apps show secrets in groups). */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`Not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: the `digits`-digit code for `counter` (RFC 6238 allows SHA-256/512 too). */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step `timeMs` falls in. */
export const stepAt = (timeMs: number): number => Math.floor(timeMs / 1000 / STEP_SECONDS);

/** The code an authenticator app shows at `timeMs` for the base32 `secret`. */
export const totp = (secret: string, timeMs: number): string => hotp(base32Decode(secret), stepAt(timeMs));

/**
 * The step whose code `code` is, within `WINDOW` steps of `timeMs`, or undefined. The step lets
 * the caller refuse a code used before (AWS: "Your software token has already been used once.").
 */
export function matchingStep(secret: string, code: string, timeMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = base32Decode(secret);
  const now = stepAt(timeMs);
  for (let step = now - WINDOW; step <= now + WINDOW; step++) if (hotp(key, step) === code) return step;
  return undefined;
}
