/**
 * Nothing of one user reaches the next: when the signed-in user changes (a sign-out here or on
 * every device, a session Cognito ended, a change of pool, someone else signing in), the worker
 * drops what that user left in its stores, before any page can read it.
 *
 * Dropped (storage.session and the worker's memory):
 * - the composer's draft and its chosen expiry, and where the popup was (`ui:crud-draft`,
 *   `ui:draft`);
 * - the cached feed (`ui:feed`, through the feed cache, which also holds it in memory);
 * - pending sign-in steps and the session's last use (`pending:*`);
 * - "Continue as" offers and "Not now" answers (`webSession:offers`, `webSession:dismissed`): an
 *   offer left from before this session would greet the next person with someone's name. A page
 *   that still holds a live web-app session reports it again, and is offered afresh.
 *
 * Kept: the settings; the email only if the user ticked "Remember my email" (handlers write or
 * remove `lastEmail` at each sign-in); per-site panel choices; hashes of spent web-app tokens;
 * this browser's remembered devices (`devices:`, in IndexedDB beside the session, keyed by a hash
 * of pool, client and email): the user chose "Trust this browser" so that the next sign-in here
 * skips the code, which a plain sign-out must not undo. A device proves only the browser, never
 * signs anyone in without their password. It goes when the user forgets it in Settings, signs
 * out everywhere, or Cognito no longer knows it.
 * Open pages drop their own in-memory state when the pushed state names another user (the
 * popup's home unmounts, the feed hooks are keyed by the user's `sub`). The toolbar badge follows
 * the offers (offer-badge.ts).
 *
 * Only a change away from a signed-in user clears: the first state after a worker start, and a
 * sign-in after being signed out, keep what the signed-out person prepared ("Post to Cruddur"
 * saves a draft for whoever signs in next).
 */
import type { AuthState } from '../shared/auth-state.ts';
import type { AreaKV, AsyncKV, StorageKey } from '../shared/kv.ts';
import { removeItem, sessionItem, type SessionName, type StorageAreaName } from '../shared/storage-keys.ts';

/** Every storage.session key that belongs to the user of a session. */
export const PER_USER_SESSION_KEYS = [
  'ui:draft',
  'ui:crud-draft',
  'pending:challenge',
  'pending:mfa',
  'pending:credentials',
  'pending:lastUseAt',
  'webSession:offers',
  'webSession:dismissed',
  'ui:messages-seen',
] as const satisfies readonly SessionName[];

export interface EndOfSessionOptions {
  /** storage.session (memory only); a memory KV in tests. */
  memory: AreaKV<'session'>;
  /** The feed cache: `keepOnly` drops its stored and in-memory copy. */
  feeds: { keepOnly(user: string | null): Promise<void> };
  /** Called once a clearing is done (the badge reads the offers again). */
  onCleared?: () => void;
}

export interface EndOfSession {
  /** Every state the session announces, in order. */
  observe(state: AuthState): void;
  /** Resolves when every clearing started so far is done. */
  settled(): Promise<void>;
}

const userOf = (state: AuthState) => (state.status === 'signed-in' ? state.user.sub : null);

export function createEndOfSession(o: EndOfSessionOptions): EndOfSession {
  let previous: string | null = null;
  let chain: Promise<void> = Promise.resolve();

  const clear = async (next: string | null) => {
    await Promise.all([
      o.feeds.keepOnly(next),
      ...PER_USER_SESSION_KEYS.map((name) => removeItem(o.memory, sessionItem(name))),
    ]);
    o.onCleared?.();
  };

  return {
    observe(state) {
      const next = userOf(state);
      const ended = previous !== null && next !== previous;
      previous = next;
      // Still the feed cache's rule when nothing ended: it belongs to whoever is signed in.
      const work = ended ? () => clear(next) : () => o.feeds.keepOnly(next);
      chain = chain.then(work).catch(() => undefined);
    },
    settled: () => chain,
  };
}

/**
 * `kv` whose reads and writes wait for the clearings under way: a page that asks for its draft
 * right after a sign-out (the popup switching to "Sign in") never gets the previous user's, and a
 * write made after the sign-out is not erased by its clearing.
 */
export function afterClearing<A extends StorageAreaName>(kv: AreaKV<A>, end: Pick<EndOfSession, 'settled'>): AreaKV<A> {
  const waiting: AsyncKV = {
    async get<T>(key: StorageKey) {
      await end.settled();
      return kv.get<T>(key);
    },
    async getAll() {
      await end.settled();
      return kv.getAll();
    },
    async set(key, value) {
      await end.settled();
      return kv.set(key, value);
    },
    async remove(key) {
      await end.settled();
      return kv.remove(key);
    },
  };
  return waiting as AreaKV<A>;
}
