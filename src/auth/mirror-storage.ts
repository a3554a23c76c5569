import type { AreaKV } from '../shared/kv.ts';
import { idbFamily, removeItem, setItem } from '../shared/storage-keys.ts';

/** The library's keys, each under this prefix in the durable store. */
export const LIBRARY_STORAGE = idbFamily<string>('cognito:');

/**
 * amazon-cognito-identity-js wants a synchronous `Storage`; extension storage is asynchronous,
 * and a service worker has no localStorage (without a Storage the library silently keeps
 * everything in memory, lost when the worker stops). This mirror is loaded once before use,
 * answers reads from memory and writes through to the async store.
 */
export class MirrorStorage {
  readonly #kv: AreaKV<'indexeddb'>;
  readonly #data = new Map<string, string>();
  #pending: Promise<void> = Promise.resolve();
  #failure: unknown = null;

  constructor(kv: AreaKV<'indexeddb'>) {
    this.#kv = kv;
  }

  async load(): Promise<void> {
    const all = await this.#kv.getAll();
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(LIBRARY_STORAGE.prefix) && typeof value === 'string') this.#data.set(key.slice(LIBRARY_STORAGE.prefix.length), value);
    }
  }

  getItem(key: string): string | null {
    return this.#data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.#data.set(key, value);
    this.#write(() => setItem(this.#kv, LIBRARY_STORAGE.item(key), value));
  }

  removeItem(key: string): void {
    this.#data.delete(key);
    this.#write(() => removeItem(this.#kv, LIBRARY_STORAGE.item(key)));
  }

  clear(): void {
    for (const key of [...this.#data.keys()]) this.removeItem(key);
  }

  /** Resolves when every write so far has landed; rejects with the first write failure. */
  async flush(): Promise<void> {
    await this.#pending;
    const failure = this.#failure;
    this.#failure = null;
    if (failure !== null) throw failure;
  }

  // Writes are chained so they land in call order.
  #write(op: () => Promise<void>): void {
    this.#pending = this.#pending.then(op).catch((e: unknown) => {
      this.#failure ??= e;
    });
  }
}
