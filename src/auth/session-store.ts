import type { AsyncKV } from '../shared/kv.ts';
import type { SessionRecord, SessionStore } from './ports.ts';

/** A SessionStore over any AsyncKV, under one key. */
export function kvSessionStore(kv: AsyncKV, key = 'session'): SessionStore {
  return {
    async load() {
      const record = await kv.get<SessionRecord>(key);
      return record?.session?.refreshToken ? record : null;
    },
    save: (record) => kv.set(key, record),
    clear: () => kv.remove(key),
  };
}
