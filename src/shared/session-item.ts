/**
 * The item of a `storage.session` key of the storage-keys table, without the table at run time:
 * a page reading the worker's first-paint mirrors (shared/first-paint.ts) ships only this line,
 * while the key is still checked against the table, by type.
 */
import type { SessionName, StorageItem } from './storage-keys.ts';

export function sessionItem<T>(name: SessionName): StorageItem<T> {
  return { key: name, area: 'session' };
}
