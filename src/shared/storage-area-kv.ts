import type { Storage } from 'webextension-polyfill';
import type { AreaKV, AsyncKV } from './kv.ts';

/**
 * An AsyncKV over a whole `browser.storage` area, named so that its type carries the area:
 * `storageAreaKV(browser.storage, 'local')` is an `AreaKV<'local'>` and reads only local items.
 * Keys come from the storage-keys table, each with its own prefix, so one KV per area serves
 * every module that stores there.
 */
export function storageAreaKV<A extends 'local' | 'session' | 'sync'>(storage: Pick<Storage.Static, A>, name: A): AreaKV<A> {
  const area: Storage.StorageArea = storage[name];
  const kv: AsyncKV = {
    async get<T>(key: string) {
      const all = await area.get(key);
      return all[key] as T | undefined;
    },
    getAll: () => area.get(null),
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
  return kv as AreaKV<A>;
}
