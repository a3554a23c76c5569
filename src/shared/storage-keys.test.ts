import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { memoryKV, type AreaKV } from './kv.ts';
import { sessionItem } from './session-item.ts';
import {
  closeSessionToContentScripts,
  getItem,
  idbFamily,
  idbItem,
  localFamily,
  localItem,
  removeItem,
  SESSION_ACCESS_LEVEL,
  setItem,
  STORAGE_KEYS,
  type StorageAreaName,
  type StorageKeyName,
} from './storage-keys.ts';

const SRC = join(import.meta.dirname, '..');

const entries = Object.entries(STORAGE_KEYS) as [StorageKeyName, (typeof STORAGE_KEYS)[StorageKeyName]][];

describe('storage keys', () => {
  const OPEN_TO_CONTENT_SCRIPTS: readonly StorageAreaName[] = ['local', 'sync'];
  it.each(entries)('%s: content scripts may read it only where the area cannot be closed to them', (_, spec) => {
    // storage.local and .sync are open to content scripts in both browsers; session and IndexedDB are not.
    expect(spec.contentScripts).toBe(OPEN_TO_CONTENT_SCRIPTS.includes(spec.area));
  });

  it.each(['session', 'cognito:', 'ui:feed', 'ui:crud-draft', 'ui:draft', 'pending:challenge', 'pending:mfa', 'pending:credentials', 'webSession:offers'] as const)(
    '%s (tokens, feeds, drafts, pending flows) is closed to content scripts',
    (key) => {
      expect(STORAGE_KEYS[key].contentScripts).toBe(false);
      expect(['session', 'indexeddb']).toContain(STORAGE_KEYS[key].area);
    },
  );

  it('closes storage.session to content scripts: TRUSTED_CONTEXTS, set by the worker at start', async () => {
    const setAccessLevel = vi.fn(async () => {});
    await closeSessionToContentScripts({ setAccessLevel });
    expect(SESSION_ACCESS_LEVEL).toBe('TRUSTED_CONTEXTS');
    expect(setAccessLevel).toHaveBeenCalledExactlyOnceWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    const worker = readFileSync(join(SRC, 'background/index.ts'), 'utf8');
    expect(worker).toMatch(/closeSessionToContentScripts\(browser\.storage\.session\b/);
  });

  it('skips the access level where the browser has no setAccessLevel (the default is already closed)', async () => {
    await expect(closeSessionToContentScripts({})).resolves.toBeUndefined();
  });

  it('stores an item under its listed key and reads it back typed', async () => {
    const kv = memoryKV<'local'>();
    const item = localItem<{ n: number }>('settings');
    await setItem(kv, item, { n: 1 });
    expect(kv.data.get('settings')).toEqual({ n: 1 });
    expect(await getItem(kv, item)).toEqual({ n: 1 });
    await removeItem(kv, item);
    expect(kv.data.has('settings')).toBe(false);
    expect(await getItem(kv, item)).toBeUndefined();
  });

  it("reads an item's default where nothing is stored, and only there", async () => {
    const kv = memoryKV<'indexeddb'>();
    const item = idbItem<readonly string[]>('accounts:seen', []);
    expect(await getItem(kv, item)).toEqual([]);
    await setItem(kv, item, ['h']);
    expect(await getItem(kv, item)).toEqual(['h']);
    const flag = localItem('ui:offer-waiting', true);
    const local = memoryKV<'local'>({ 'ui:offer-waiting': false });
    expect(await getItem(local, flag)).toBe(false);
  });

  it('gives each maker its area, and a storage.session key the same item as storage-keys.ts does', () => {
    expect(sessionItem('ui:feed')).toEqual({ key: 'ui:feed', area: 'session' });
    expect(localItem('lastEmail', '')).toEqual({ key: 'lastEmail', area: 'local', default: '' });
    expect(idbItem('session')).toEqual({ key: 'session', area: 'indexeddb' });
    for (const item of [sessionItem('ui:feed'), localItem('lastEmail'), idbItem('session')]) expect(item.area).toBe(STORAGE_KEYS[item.key as StorageKeyName].area);
  });

  it('stores a family member under prefix + suffix, in the family area', async () => {
    const kv = memoryKV<'local'>();
    const family = localFamily<true>('panelClosed:');
    const item = family.item('https://example.com');
    expect(item).toEqual({ key: 'panelClosed:https://example.com', area: 'local' });
    await setItem(kv, item, true);
    expect(kv.data.get('panelClosed:https://example.com')).toBe(true);
    expect(idbFamily<string>('cognito:').item('x')).toEqual({ key: 'cognito:x', area: 'indexeddb' });
  });
});

/**
 * What the type checker refuses (tsc checks this file; each `@ts-expect-error` fails the check if
 * its line ever compiles). The calls sit in a function that never runs: only their types matter.
 */
describe('storage areas, by type', () => {
  it('refuses an item of another area, a store of no one area, and a free string key', () => {
    const typeChecks = (local: AreaKV<'local'>, session: AreaKV<'session'>, durable: AreaKV<'indexeddb'>) => {
      const token = idbItem<string>('session');
      const email = localItem<string>('lastEmail');
      // @ts-expect-error: an IndexedDB item (tokens) is not read from storage.local
      void getItem(local, token);
      // @ts-expect-error: nor written to storage.session
      void setItem(session, token, 'x');
      // @ts-expect-error: nor removed from it
      void removeItem(session, token);
      // @ts-expect-error: a storage.local item is not read from IndexedDB
      void getItem(durable, email);
      // @ts-expect-error: a memory store names its area; without one it fits no item
      void getItem(memoryKV(), email);
      const either = local as unknown as AreaKV<'local' | 'session'>;
      // @ts-expect-error: a store of "local or session" is not a store of local
      void getItem(either, email);
      // @ts-expect-error: a store is no AreaKV of another area
      const wrong: AreaKV<'indexeddb'> = local;
      // @ts-expect-error: keys come from items, never a literal string
      void local.get('lastEmail');
      // @ts-expect-error: 'session' (tokens) is an IndexedDB key, not a storage.local one
      localItem<string>('session');
      // @ts-expect-error: 'settings' is a storage.local key
      sessionItem<string>('settings');
      // @ts-expect-error: a family prefix is no single key
      localItem<true>('panelClosed:');
      // @ts-expect-error: the value has the item's type
      void setItem(local, email, 1);
      return wrong;
    };
    expect(typeof typeChecks).toBe('function');
  });

  it("types a read as the item's value, never undefined when the item has a default", () => {
    const reads = (local: AreaKV<'local'>) => ({
      plain: getItem(local, localItem<string>('lastEmail')),
      withDefault: getItem(local, localItem('ui:offer-waiting', false)),
    });
    expectTypeOf(reads).returns.toEqualTypeOf<{ plain: Promise<string | undefined>; withDefault: Promise<boolean> }>();
    expectTypeOf(memoryKV<'session'>()).toExtend<AreaKV<'session'>>();
    expectTypeOf(memoryKV<'session'>()).not.toExtend<AreaKV<'local'>>();
  });
});
