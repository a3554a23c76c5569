import type { Storage } from 'webextension-polyfill';
import type { AsyncKV } from './kv.ts';

/**
 * An AsyncKV over a whole `browser.storage` area. Keys come from the storage-keys table, each
 * with its own prefix, so one KV per area serves every module that stores there.
 */
export function storageAreaKV(area: Storage.StorageArea): AsyncKV {
  return {
    async get<T>(key: string) {
      const all = await area.get(key);
      return all[key] as T | undefined;
    },
    getAll: () => area.get(null),
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}
