/**
 * An AsyncKV in the extension origin's IndexedDB, typed `AreaKV<'indexeddb'>`: it reads only the
 * table's `indexeddb` items. Tokens live here: unlike
 * `storage.local`, content scripts cannot read it (they run in the page's origin), and unlike
 * `storage.session`, it survives a browser restart.
 */
import type { AreaKV, AsyncKV } from '../shared/kv.ts';

const STORE = 'kv';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function idbKV(name = 'cruddur-companion', factory: IDBFactory = indexedDB): AreaKV<'indexeddb'> {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= new Promise((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        db = null;
        reject(req.error);
      };
    });
    return db;
  };
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  const done = (store: IDBObjectStore) =>
    new Promise<void>((resolve, reject) => {
      store.transaction.oncomplete = () => resolve();
      store.transaction.onerror = () => reject(store.transaction.error);
      store.transaction.onabort = () => reject(store.transaction.error);
    });

  const kv: AsyncKV = {
    async get<T>(key: string) {
      return (await request((await tx('readonly')).get(key))) as T | undefined;
    },
    async getAll() {
      const store = await tx('readonly');
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      return Object.fromEntries(keys.map((k, i) => [String(k), values[i]]));
    },
    async set(key, value) {
      const store = await tx('readwrite');
      store.put(value, key);
      await done(store);
    },
    async remove(key) {
      const store = await tx('readwrite');
      store.delete(key);
      await done(store);
    },
  };
  return kv as AreaKV<'indexeddb'>;
}
