import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256-js.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const LONG_KEY = Uint8Array.from({ length: 100 }, (_, i) => i);
const view = Uint8Array.from({ length: 40 }, (_, i) => 255 - i).subarray(5, 37);

describe('the Sha256 stand-in hashes as node:crypto does, for the SDK calls', () => {
  it.each([
    ['empty', ''],
    ['a string (UTF-8)', 'poolIduser:p\u00e4ss \u{1F600}'],
    ['bytes', Uint8Array.of(0, 1, 2, 255)],
    ['a view into a larger buffer', view],
    ['more than one block', 'x'.repeat(200)],
  ] as const)('SHA-256 of %s', (_, data) => {
    const h = new Sha256();
    h.update(data);
    expect(hex(h.digestSync())).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it.each([
    ['a short key', Uint8Array.of(1, 2, 3), 'message'],
    ['a 16-byte key (the SRP HKDF key)', Uint8Array.from({ length: 16 }, (_, i) => i * 7), Uint8Array.of(9, 8, 7)],
    ['a key of exactly one block', Uint8Array.from({ length: 64 }, (_, i) => i), 'm'],
    ['a key longer than a block', LONG_KEY, 'Caldera Derived Key\u0001'],
  ] as const)('HMAC-SHA-256 with %s', (_, key, data) => {
    const h = new Sha256(key);
    h.update(data);
    expect(hex(h.digestSync())).toBe(createHmac('sha256', key).update(data).digest('hex'));
  });

  it('several updates hash their concatenation; an empty one adds nothing', () => {
    const h = new Sha256(Uint8Array.of(42));
    for (const part of ['pool', '', 'user', Uint8Array.of(1, 2), 'date']) h.update(part);
    const expected = createHmac('sha256', Uint8Array.of(42)).update('pooluser').update(Uint8Array.of(1, 2)).update('date').digest('hex');
    expect(hex(h.digestSync())).toBe(expected);
  });

  it('digestSync twice gives the same digest', () => {
    const h = new Sha256(Uint8Array.of(5));
    h.update('once');
    expect(hex(h.digestSync())).toBe(hex(h.digestSync()));
  });
});
