/**
 * Which accounts have been signed in to the extension in this browser, so "Continue as" can say
 * whether the offered one is among them: an attacker's look-alike of the user's account never is.
 *
 * Nothing that names an account is kept: only HMAC-SHA-256(key, sub), with a random key made
 * on first use and kept beside the hashes in the extension origin's IndexedDB (never readable by
 * content scripts or pages). Keyed, so the stored values match nothing outside this install: the
 * same `sub` hashes differently in every browser, and a plain hash of a known `sub` finds nothing.
 */
import type { AreaKV } from '../shared/kv.ts';
import { getItem, idbItem, setItem } from '../shared/storage-keys.ts';

/** How many accounts are remembered; the oldest is forgotten first. */
export const MAX_KNOWN_ACCOUNTS = 50;

const KEY = idbItem<number[]>('accounts:key');
const SEEN = idbItem<readonly string[]>('accounts:seen', []);

export interface KnownAccountsOptions {
  /** The extension origin's IndexedDB in the worker; memory in tests. */
  store: AreaKV<'indexeddb'>;
  /** Default: globalThis.crypto. */
  crypto?: Crypto;
}

export class KnownAccounts {
  readonly #store: AreaKV<'indexeddb'>;
  readonly #crypto: Crypto;
  #key: Promise<CryptoKey> | undefined;
  /** Accounts remembered since the worker woke: a state broadcast per refresh costs no write. */
  readonly #done = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: KnownAccountsOptions) {
    this.#store = o.store;
    this.#crypto = o.crypto ?? globalThis.crypto;
  }

  /** Notes that `sub` signed in here. */
  remember(sub: string): Promise<void> {
    if (this.#done.has(sub)) return Promise.resolve();
    const run = this.#queue.then(async () => {
      const hash = await this.#hash(sub);
      const seen = (await getItem(this.#store, SEEN)).filter((h) => h !== hash);
      await setItem(this.#store, SEEN, [...seen, hash].slice(-MAX_KNOWN_ACCOUNTS));
      this.#done.add(sub);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Whether `sub` was signed in here before. */
  async has(sub: string): Promise<boolean> {
    await this.#queue;
    return (await getItem(this.#store, SEEN)).includes(await this.#hash(sub));
  }

  async #hash(sub: string): Promise<string> {
    const mac = await this.#crypto.subtle.sign('HMAC', await this.#hmacKey(), new TextEncoder().encode(sub));
    return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  #hmacKey(): Promise<CryptoKey> {
    this.#key ??= (async () => {
      let raw = await getItem(this.#store, KEY);
      if (!raw) {
        raw = Array.from(this.#crypto.getRandomValues(new Uint8Array(32)));
        await setItem(this.#store, KEY, raw);
      }
      return this.#crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    })();
    this.#key.catch(() => (this.#key = undefined));
    return this.#key;
  }
}
