import type { AsyncKV } from '../shared/kv.ts';

/**
 * amazon-cognito-identity-js wants a synchronous `Storage`; extension storage is asynchronous,
 * and a service worker has no localStorage (without a Storage the library silently keeps
 * everything in memory, lost when the worker stops). This mirror is loaded once before use,
 * answers reads from memory and writes through to the async store.
 */
export class MirrorStorage {
  readonly #kv: AsyncKV;
  readonly #prefix: string;
  readonly #data = new Map<string, string>();
  #pending: Promise<void> = Promise.resolve();
  #failure: unknown = null;

  constructor(kv: AsyncKV, prefix = 'cognito:') {
    this.#kv = kv;
    this.#prefix = prefix;
  }

  async load(): Promise<void> {
    const all = await this.#kv.getAll();
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(this.#prefix) && typeof value === 'string') this.#data.set(key.slice(this.#prefix.length), value);
    }
  }

  getItem(key: string): string | null {
    return this.#data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.#data.set(key, value);
    this.#write(() => this.#kv.set(this.#prefix + key, value));
  }

  removeItem(key: string): void {
    this.#data.delete(key);
    this.#write(() => this.#kv.remove(this.#prefix + key));
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
