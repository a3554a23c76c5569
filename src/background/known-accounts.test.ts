import { describe, expect, it } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { KnownAccounts, MAX_KNOWN_ACCOUNTS } from './known-accounts.ts';

const SUB = '5f2c1a4e-0b7d-4c1e-9a3b-0d6f1e2a3b4c';

describe('accounts used in this browser before', () => {
  it('knows an account once it has signed in, and no other', async () => {
    const accounts = new KnownAccounts({ store: memoryKV() });
    expect(await accounts.has(SUB)).toBe(false);
    await accounts.remember(SUB);
    expect(await accounts.has(SUB)).toBe(true);
    expect(await accounts.has('another-sub')).toBe(false);
  });

  it('stores a keyed hash, never the sub, and the same sub hashes differently in another install', async () => {
    const here = memoryKV<'indexeddb'>();
    const there = memoryKV<'indexeddb'>();
    await new KnownAccounts({ store: here }).remember(SUB);
    await new KnownAccounts({ store: there }).remember(SUB);
    const stored = JSON.stringify(await here.getAll());
    expect(stored).not.toContain(SUB);
    const [mine] = (here.data.get('accounts:seen') as string[] | undefined) ?? [];
    const [theirs] = (there.data.get('accounts:seen') as string[] | undefined) ?? [];
    expect(mine).toMatch(/^[0-9a-f]{64}$/);
    expect(mine).not.toBe(theirs);
    // Not a plain SHA-256 of the sub either.
    const plain = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SUB))), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(mine).not.toBe(plain);
  });

  it('keeps its key across worker restarts (a new instance on the same store)', async () => {
    const store = memoryKV<'indexeddb'>();
    await new KnownAccounts({ store }).remember(SUB);
    expect(await new KnownAccounts({ store }).has(SUB)).toBe(true);
  });

  it(`remembers the last ${MAX_KNOWN_ACCOUNTS} accounts, once each`, async () => {
    const store = memoryKV<'indexeddb'>();
    const accounts = new KnownAccounts({ store });
    for (let i = 0; i <= MAX_KNOWN_ACCOUNTS; i++) await accounts.remember(`sub-${i}`);
    await accounts.remember(`sub-${MAX_KNOWN_ACCOUNTS}`);
    expect(store.data.get('accounts:seen')).toHaveLength(MAX_KNOWN_ACCOUNTS);
    expect(await accounts.has('sub-0')).toBe(false);
    expect(await accounts.has('sub-1')).toBe(true);
  });
});
