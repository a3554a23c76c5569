/**
 * A stored value's item and its reads and writes, without the key table (storage-keys.ts, which
 * re-exports all of this). An extension page that reads a mirror for its first paint loads only
 * this: the table, with every key of the worker's, stays in the worker's own code.
 */
import type { AsyncKV } from './kv.ts';
import type { STORAGE_KEYS, StorageAreaName } from './storage-keys.ts';

/** One stored value: its full key, its area and its type (carried by `T` only). */
export interface StorageItem<T> {
  readonly key: string;
  readonly area: StorageAreaName;
  /** Never set: makes `T` part of the item's type, so `getItem` returns it without a cast. */
  readonly __type?: T;
}

type Keys = typeof STORAGE_KEYS;
/** The table's single (not family) keys in `storage.session`. */
type SessionKey = { [K in keyof Keys]: Keys[K] extends { area: 'session'; family?: undefined } ? K : never }[keyof Keys];

/**
 * The typed item for a `storage.session` key of the table, like `storageItem` without reading the
 * table at run time: the type admits only keys the table lists in that area.
 */
export function sessionItem<T>(name: SessionKey): StorageItem<T> {
  return { key: name, area: 'session' };
}

export function getItem<T>(kv: AsyncKV, item: StorageItem<T>): Promise<T | undefined> {
  return kv.get<T>(item.key);
}

export function setItem<T>(kv: AsyncKV, item: StorageItem<T>, value: T): Promise<void> {
  return kv.set(item.key, value);
}

export function removeItem(kv: AsyncKV, item: StorageItem<unknown>): Promise<void> {
  return kv.remove(item.key);
}
