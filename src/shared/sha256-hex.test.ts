import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256-hex.ts';

describe('sha256Hex', () => {
  it('gives the standard digest as 64 lowercase hex digits (FIPS 180-2 vectors)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the text as UTF-8', async () => {
    expect(await sha256Hex('é')).not.toBe(await sha256Hex('e'));
    expect(await sha256Hex('é')).toMatch(/^[0-9a-f]{64}$/);
  });
});
