import { describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { MirrorStorage } from './mirror-storage.ts';

describe('MirrorStorage', () => {
  it('answers synchronously and writes through, in order', async () => {
    const kv = memoryKV<'indexeddb'>({ 'cognito:kept': 'v0', other: 'ignored' });
    const storage = new MirrorStorage(kv);
    await storage.load();
    expect(storage.getItem('kept')).toBe('v0');
    expect(storage.getItem('other')).toBeNull();
    storage.setItem('a', '1');
    storage.setItem('a', '2');
    storage.removeItem('kept');
    expect(storage.getItem('a')).toBe('2');
    await storage.flush();
    expect(Object.fromEntries(kv.data)).toEqual({ 'cognito:a': '2', other: 'ignored' });
  });

  it('survives a restart: a new mirror over the same store sees the writes', async () => {
    const kv = memoryKV<'indexeddb'>();
    const first = new MirrorStorage(kv);
    first.setItem('LastAuthUser', 'ada');
    await first.flush();
    const second = new MirrorStorage(kv);
    await second.load();
    expect(second.getItem('LastAuthUser')).toBe('ada');
  });

  it('reports a failed write on flush instead of losing it silently', async () => {
    const kv = memoryKV<'indexeddb'>();
    vi.spyOn(kv, 'set').mockRejectedValueOnce(new Error('disk full'));
    const storage = new MirrorStorage(kv);
    storage.setItem('a', '1');
    await expect(storage.flush()).rejects.toThrow('disk full');
    await expect(storage.flush()).resolves.toBeUndefined();
  });

  it('clears only its own keys', async () => {
    const kv = memoryKV<'indexeddb'>({ 'cognito:a': '1', session: 's' });
    const storage = new MirrorStorage(kv);
    await storage.load();
    storage.clear();
    await storage.flush();
    expect([...kv.data.keys()]).toEqual(['session']);
  });
});
