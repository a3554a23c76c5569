import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchingStep, stepAt, totp } from './totp.ts';

const SHA1_KEY = Buffer.from('12345678901234567890');
const SHA256_KEY = Buffer.from('12345678901234567890123456789012');
const SHA512_KEY = Buffer.from('1234567890'.repeat(6) + '1234');

describe('totp', () => {
  // RFC 6238 appendix B: 8-digit codes at 30-second steps.
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('RFC 6238 vector at t=%i s', (seconds, sha1, sha256, sha512) => {
    const step = stepAt(seconds * 1000);
    expect(hotp(SHA1_KEY, step, 8)).toBe(sha1);
    expect(hotp(SHA256_KEY, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SHA512_KEY, step, 8, 'sha512')).toBe(sha512);
  });

  // RFC 4226 appendix D: 6-digit HOTP for counters 0..9.
  it.each(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'].map((code, counter) => [counter, code]))(
    'RFC 4226 vector for counter %i',
    (counter, code) => expect(hotp(SHA1_KEY, counter)).toBe(code),
  );

  // RFC 4648 section 10, without the padding that otpauth secrets leave out.
  it.each([['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']])(
    'base32 of %j is %j and back',
    (text, encoded) => {
      expect(base32Encode(Buffer.from(text))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(text);
    },
  );

  it('reads a secret in lower case, with spaces and padding, as apps show it', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
  });

  it('refuses a character outside the base32 alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow('Not base32: 1');
  });

  const secret = base32Encode(SHA1_KEY);
  const t = 1_111_111_111_000;

  it('the app code for a base32 secret is the 6-digit RFC code', () => {
    expect(totp(secret, t)).toBe('050471'); // the last 6 digits of the 8-digit vector
  });

  it.each([
    ['one step early', -30_000, 0],
    ['now', 0, 1],
    ['one step late', 30_000, 2],
  ])('accepts the code from %s (AWS: ±1 step)', (_name, offset, index) => {
    const codeTime = t + offset;
    expect(matchingStep(secret, totp(secret, codeTime), t)).toBe(stepAt(t) - 1 + index);
  });

  it.each([
    ['two steps early', -60_000],
    ['two steps late', 60_000],
  ])('refuses the code from %s', (_name, offset) => {
    expect(matchingStep(secret, totp(secret, t + offset), t)).toBeUndefined();
  });

  it.each(['', '12345', '1234567', '12 456', 'abcdef'])('refuses %j, which is not six digits', (code) => {
    expect(matchingStep(secret, code, t)).toBeUndefined();
  });
});
