/**
 * Everything the extension stores, read from one of its own pages: `storage.local`,
 * `storage.session` (extension pages may read it; content scripts may not) and the extension
 * origin's IndexedDB (where the session lives). For tests that prove what is, or is not, kept.
 */
import type { ExtensionPage } from '../support/browser-driver.ts';

export interface StoredEverything {
  local: Record<string, unknown>;
  session: Record<string, unknown>;
  /** The worker's database ('cruddur-companion', store 'kv'): key → value; {} when it does not exist. */
  indexeddb: Record<string, unknown>;
}

/** Reads every area at once. Never creates the database (opening one that is missing would). */
export function readAllStorage(page: Pick<ExtensionPage, 'evaluate'>): Promise<StoredEverything> {
  return page.evaluate<StoredEverything>(`async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const [local, session] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
    const known = (await indexedDB.databases()).some((d) => d.name === 'cruddur-companion');
    const indexeddb = {};
    if (known) {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open('cruddur-companion'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      if (db.objectStoreNames.contains('kv')) {
        const store = db.transaction('kv', 'readonly').objectStore('kv');
        const ask = (req) => new Promise((ok, fail) => { req.onsuccess = () => ok(req.result); req.onerror = () => fail(req.error); });
        const [keys, values] = await Promise.all([ask(store.getAllKeys()), ask(store.getAll())]);
        keys.forEach((k, i) => { indexeddb[String(k)] = values[i]; });
      }
      db.close();
    }
    return JSON.parse(JSON.stringify({ local, session, indexeddb }));
  }`);
}

/** Each area's keys, sorted: what a test lists as "what is left". */
export function keysOf(stored: StoredEverything): Record<keyof StoredEverything, string[]> {
  return {
    local: Object.keys(stored.local).sort(),
    session: Object.keys(stored.session).sort(),
    indexeddb: Object.keys(stored.indexeddb).sort(),
  };
}

/**
 * The pieces of `needles` found anywhere in the stored text (keys and values), and 'a JWT' when
 * one is stored (unless `o.tokens` is false: someone is signed in).
 */
export function tracesIn(stored: StoredEverything, needles: readonly string[], o: { tokens?: boolean } = {}): string[] {
  const text = JSON.stringify(stored);
  const found = needles.filter((n) => n && text.includes(n));
  return o.tokens !== false && /eyJ[\w-]+\.[\w-]+\./.test(text) ? [...found, 'a JWT'] : found;
}
