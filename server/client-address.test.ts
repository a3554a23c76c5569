import { describe, expect, it } from 'vitest';
import { clientAddress, normalize } from './client-address.ts';

describe('clientAddress: X-Forwarded-For counts only when proxies are trusted', () => {
  it.each<[string, string | undefined, string | undefined, number, string]>([
    ['no proxy trusted: a forged header is ignored', '203.0.113.9', '198.51.100.1', 0, '203.0.113.9'],
    ['no proxy trusted, no header', '203.0.113.9', undefined, 0, '203.0.113.9'],
    ['one proxy: the entry it appended (rightmost)', '10.0.0.2', '198.51.100.1', 1, '198.51.100.1'],
    ['one proxy: what the client wrote before it is ignored', '10.0.0.2', '1.1.1.1, 198.51.100.1', 1, '198.51.100.1'],
    ['two proxies: the second entry from the right', '10.0.0.2', '1.1.1.1, 198.51.100.1, 10.0.0.3', 2, '198.51.100.1'],
    ['fewer entries than proxies: the leftmost', '10.0.0.2', '198.51.100.1', 3, '198.51.100.1'],
    ['trusted but missing header: the peer', '10.0.0.2', undefined, 1, '10.0.0.2'],
    ['trusted but not an address: the peer', '10.0.0.2', 'garbage', 1, '10.0.0.2'],
    ['IPv4-mapped IPv6 peer → IPv4', '::ffff:127.0.0.1', undefined, 0, '127.0.0.1'],
    ['no peer at all', undefined, undefined, 0, 'unknown'],
  ])('%s', (_name, peer, xff, trust, expected) => {
    expect(clientAddress(peer, xff, trust)).toBe(expected);
  });
});

describe('normalize: one key per IPv4 address, per IPv6 /64', () => {
  it.each<[string, string | null]>([
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['[2001:DB8:0001:0002::9]', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['not-an-ip', null],
    ['', null],
  ])('%s → %s', (input, key) => {
    expect(normalize(input)).toBe(key);
  });
});
