/**
 * What a storage item is (key, area, default). `sessionItem` makes the item of a
 * `storage.session` key of the storage-keys table, without the table at run time: a page reading
 * the worker's first-paint mirrors (shared/first-paint.ts) ships only this module, while the key
 * is still checked against the table, by type.
 */
import type { StorageKey } from './kv.ts';
import type { SingleIn, StorageAreaName } from './storage-keys.ts';

/** One stored value: its full key, its area and its type (carried by `T` only). */
export interface StorageItem<T, A extends StorageAreaName = StorageAreaName> {
  readonly key: StorageKey;
  readonly area: A;
  /** What `getItem` reads where nothing is stored; only items made with one have it in their type. */
  readonly default?: T;
  /** Never set: makes `T` part of the item's type, so `getItem` returns it without a cast. */
  readonly __type?: T;
}

/** An item with a default: reading it never gives `undefined`. */
export type ItemWithDefault<T, A extends StorageAreaName = StorageAreaName> = StorageItem<T, A> & { readonly default: T };

/** Makes the items of one area: the name must be a single key of that area in the table. */
export interface ItemMaker<A extends StorageAreaName> {
  <T>(name: SingleIn<A>): StorageItem<T, A>;
  <T>(name: SingleIn<A>, fallback: T): ItemWithDefault<T, A>;
}

/** A `storage.session` item; written out, not made by storage-keys.ts's maker, so pages ship only this line. */
export const sessionItem: ItemMaker<'session'> = <T>(name: string, fallback?: T): ItemWithDefault<T, 'session'> => ({
  key: name as StorageKey,
  area: 'session',
  default: fallback as T,
});
