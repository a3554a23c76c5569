import type { AreaKV } from '../shared/kv.ts';
import { getItem, idbItem, removeItem, setItem } from '../shared/storage-keys.ts';
import type { SessionRecord, SessionStore } from './ports.ts';

/** The signed-in session, in the extension origin's IndexedDB. */
export const SESSION_RECORD = idbItem<SessionRecord>('session');

/** A SessionStore over the durable store (IndexedDB; memory in tests), under one key. */
export function kvSessionStore(kv: AreaKV<'indexeddb'>): SessionStore {
  return {
    async load() {
      const record = await getItem(kv, SESSION_RECORD);
      return record?.session?.refreshToken ? record : null;
    },
    save: (record) => setItem(kv, SESSION_RECORD, record),
    clear: () => removeItem(kv, SESSION_RECORD),
  };
}
