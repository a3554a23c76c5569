import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256-hex.ts';

describe('sha256Hex', () => {
  it('gives the standard digest as 64 lowercase hex digits (FIPS 180-2 vectors)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the text as UTF-8 (é is the bytes C3 A9, not Latin-1 E9)', async () => {
    expect(await sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(await sha256Hex('é')).not.toBe('de2e331d891ae267a7009cb45b4e8830f170e0c937288ea2731a1941c7a53b0d');
  });
});
