import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { memoryKV } from './kv.ts';
import { sessionItem } from './session-item.ts';
import {
  closeSessionToContentScripts,
  getItem,
  removeItem,
  SESSION_ACCESS_LEVEL,
  setItem,
  STORAGE_KEYS,
  storageFamily,
  storageItem,
  type StorageAreaName,
  type StorageKeyName,
} from './storage-keys.ts';

const SRC = join(import.meta.dirname, '..');

function sources(dir = SRC): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) return [];
    return [{ path: relative(SRC, path), text: readFileSync(path, 'utf8') }];
  });
}

/** Every key an item is declared for, with the file that declares it. */
const declared = sources().flatMap(({ path, text }) =>
  [...text.matchAll(/(?:storageItem|storageFamily|sessionItem)<[^(]*>\('([^']+)'\)/g)].map((m) => ({ key: m[1] as string, path })),
);

const entries = Object.entries(STORAGE_KEYS) as [StorageKeyName, (typeof STORAGE_KEYS)[StorageKeyName]][];

describe('storage keys', () => {
  it('declares a typed item for every listed key, once', () => {
    const keys = declared.map((d) => d.key).sort();
    expect(keys).toEqual(Object.keys(STORAGE_KEYS).sort());
  });

  it('uses only listed keys in the items it declares', () => {
    for (const { key, path } of declared) expect(Object.keys(STORAGE_KEYS), `${path} declares '${key}'`).toContain(key);
  });

  it('reads and writes storage only through items: no literal key on a store or storage area', () => {
    const literalKey = /\b(?:kv|store|pending|prefs|ui|memory|known|local|durable|area|usage|#store|#pending|#kv)\.(?:get|set|remove)(?:<[^>]*>)?\('/;
    const rawArea = /storage\.(?:local|session|sync)\.(?:get|set|remove)\(/;
    const offenders = sources()
      .filter(({ path }) => !path.endsWith('storage-keys.ts'))
      .filter(({ text }) => literalKey.test(text) || rawArea.test(text))
      .map(({ path }) => path);
    expect(offenders).toEqual([]);
  });

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
    const kv = memoryKV();
    const item = storageItem<{ n: number }>('settings');
    await setItem(kv, item, { n: 1 });
    expect(kv.data.get('settings')).toEqual({ n: 1 });
    expect(await getItem(kv, item)).toEqual({ n: 1 });
    await removeItem(kv, item);
    expect(kv.data.has('settings')).toBe(false);
  });

  it('gives a storage.session key the same item as the table does, without reading the table', () => {
    expect(sessionItem('ui:state')).toEqual(storageItem('ui:state'));
    expect(sessionItem('ui:feed')).toEqual({ key: 'ui:feed', area: 'session' });
  });

  it('stores a family member under prefix + suffix, in the family area', async () => {
    const kv = memoryKV();
    const family = storageFamily<true>('panelClosed:');
    const item = family.item('https://example.com');
    expect(item).toEqual({ key: 'panelClosed:https://example.com', area: 'local' });
    await setItem(kv, item, true);
    expect(kv.data.get('panelClosed:https://example.com')).toBe(true);
  });
});
