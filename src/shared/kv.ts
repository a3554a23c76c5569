/**
 * A small asynchronous key-value store: the one shape every persistent store here takes
 * (extension-origin IndexedDB in the background, `chrome.storage` areas, memory in tests).
 * Its keys and its area are types: a key comes only from a storage item (storage-keys.ts), and
 * a store of one area is refused an item of another, by the type checker.
 */
import type { StorageAreaName } from './storage-keys.ts';

declare const KEY: unique symbol;
declare const AREA: unique symbol;

/** A key made by a storage item of the storage-keys table, never a free string. */
export type StorageKey = string & { readonly [KEY]: true };

export interface AsyncKV {
  get<T = unknown>(key: StorageKey): Promise<T | undefined>;
  getAll(): Promise<Record<string, unknown>>;
  set(key: StorageKey, value: unknown): Promise<void>;
  remove(key: StorageKey): Promise<void>;
}

/**
 * A store of one area. The area exists only in the type (nothing reads it at run time); a
 * function of it makes the brand invariant, so a store of every area, or of none, fits no item.
 */
export interface AreaKV<A extends StorageAreaName> extends AsyncKV {
  readonly [AREA]: (area: A) => A;
}

/**
 * In-memory store for tests and for contexts that must not persist anything. It stands for the
 * area its caller names (`memoryKV<'session'>()`) or expects; with neither, it fits no item.
 */
export function memoryKV<A extends StorageAreaName = never>(initial: Record<string, unknown> = {}): AreaKV<A> & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(Object.entries(initial));
  // structuredClone mimics real storage: callers never share object identity with the store.
  const kv: AsyncKV & { data: Map<string, unknown> } = {
    data,
    async get<T>(key: string) {
      return data.has(key) ? (structuredClone(data.get(key)) as T) : undefined;
    },
    async getAll() {
      return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    },
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
    async remove(key) {
      data.delete(key);
    },
  };
  return kv as AreaKV<A> & typeof kv;
}
