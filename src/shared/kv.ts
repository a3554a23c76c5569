/**
 * A small asynchronous key-value store: the one shape every persistent store here takes
 * (extension-origin IndexedDB in the background, `chrome.storage` areas, memory in tests).
 */
export interface AsyncKV {
  get<T = unknown>(key: string): Promise<T | undefined>;
  getAll(): Promise<Record<string, unknown>>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** In-memory store for tests and for contexts that must not persist anything. */
export function memoryKV(initial: Record<string, unknown> = {}): AsyncKV & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(Object.entries(initial));
  // structuredClone mimics real storage: callers never share object identity with the store.
  return {
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
}
