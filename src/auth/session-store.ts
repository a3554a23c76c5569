import type { AsyncKV } from '../shared/kv.ts';
import { getItem, removeItem, setItem, storageItem, type StorageItem } from '../shared/storage-keys.ts';
import type { SessionRecord, SessionStore } from './ports.ts';

/** The signed-in session, in the extension origin's IndexedDB. */
export const SESSION_RECORD = storageItem<SessionRecord>('session');

/** A SessionStore over any AsyncKV, under one key. */
export function kvSessionStore(kv: AsyncKV, item: StorageItem<SessionRecord> = SESSION_RECORD): SessionStore {
  return {
    async load() {
      const record = await getItem(kv, item);
      return record?.session?.refreshToken ? record : null;
    },
    save: (record) => setItem(kv, item, record),
    clear: () => removeItem(kv, item),
  };
}
