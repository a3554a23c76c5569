import type { Storage } from 'webextension-polyfill';
import type { AsyncKV } from '../shared/kv.ts';

/**
 * An AsyncKV over a `browser.storage` area. `storage.session` is memory-only and, by default,
 * closed to content scripts: pending sign-up state goes there. `storage.local` holds only
 * what is not secret (settings, the remembered email).
 */
export function storageAreaKV(area: Storage.StorageArea, prefix = ''): AsyncKV {
  return {
    async get<T>(key: string) {
      const all = await area.get(prefix + key);
      return all[prefix + key] as T | undefined;
    },
    async getAll() {
      const all = await area.get(null);
      return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    },
    set: (key, value) => area.set({ [prefix + key]: value }),
    remove: (key) => area.remove(prefix + key),
  };
}
