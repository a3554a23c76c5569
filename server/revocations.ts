// The list of revoked access tokens, shared by every API process and checked on every
// authenticated request without a database round trip.
//
// The list lives in PostgreSQL (`revoked_tokens`). Each process mirrors it in memory and keeps
// the mirror current with LISTEN/NOTIFY: recording a revocation notifies channel
// `cruddur_revoked` in the same statement, and PostgreSQL delivers the notification to every
// listening process when that statement commits. So a token one process learns is revoked is
// refused by all of them: by every write at once (writes read the shared store), and by every
// read within the notification's delivery time (milliseconds on one network).
// A process reloads the whole list each time its subscription is (re)established, which covers
// whatever was sent while it was disconnected; while it has no subscription, it asks the
// database on every request instead.
import type { SqlDriver } from './sql-driver.ts';
import type { Store } from './store.ts';

export const REVOKED_CHANNEL = 'cruddur_revoked';

export interface Revocations {
  /** Records `jti` as revoked until `expiresAt` (its token's own expiry), for every process. */
  revoke(jti: string, expiresAt: Date): Promise<void>;
  /** `strict`: read the shared store even while the mirror is live (writes: no window at all). */
  isRevoked(jti: string, now?: Date, strict?: boolean): Promise<boolean>;
  /** True while the in-memory mirror is authoritative (subscribed and loaded). */
  mirrored(): boolean;
  close(): Promise<void>;
}

export async function createRevocations(driver: SqlDriver, store: Pick<Store, 'revokeToken' | 'isRevoked' | 'liveRevocations'>): Promise<Revocations> {
  /** jti → expiry (epoch ms). */
  const known = new Map<string, number>();
  let live = false;
  let generation = 0;

  const remember = (jti: string, expiresAtMs: number) => {
    if (expiresAtMs > (known.get(jti) ?? 0)) known.set(jti, expiresAtMs);
  };
  const sweep = (nowMs: number) => {
    for (const [jti, exp] of known) if (exp <= nowMs) known.delete(jti);
  };

  async function reload(): Promise<void> {
    const mine = (generation += 1);
    try {
      const rows = await store.liveRevocations(new Date());
      if (mine !== generation) return;
      for (const row of rows) remember(row.jti, row.expiresAt.getTime());
      live = true;
    } catch {
      // The database is unreachable: stay on per-request reads until the next `ready`.
    }
  }

  const unlisten = driver.listen
    ? await driver.listen(REVOKED_CHANNEL, {
      notify(payload) {
        // `<expiry epoch ms> <jti>`: the jti is last, so it may hold any character but a newline.
        const space = payload.indexOf(' ');
        const exp = Number(payload.slice(0, space));
        if (space > 0 && Number.isFinite(exp)) remember(payload.slice(space + 1), exp);
      },
      ready: () => void reload(),
      lost() {
        live = false;
        generation += 1;
      },
    })
    : null;

  const sweeper = setInterval(() => sweep(Date.now()), 60_000);
  sweeper.unref();

  return {
    async revoke(jti, expiresAt) {
      remember(jti, expiresAt.getTime());
      await store.revokeToken(jti, expiresAt);
    },
    async isRevoked(jti, now = new Date(), strict = false) {
      if (!live || strict) return store.isRevoked(jti, now);
      const exp = known.get(jti);
      return exp !== undefined && exp > now.getTime();
    },
    mirrored: () => live,
    async close() {
      clearInterval(sweeper);
      live = false;
      await unlisten?.();
    },
  };
}
