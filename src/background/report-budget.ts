/**
 * What a web-app page's reports may cost Cognito: at most GETUSER_BUDGET `GetUser` calls per
 * origin in any BUDGET_WINDOW_MS, whatever the page writes into its storage. A page can invent a
 * new session (a made-up refresh token beside a valid access token, or a forged access token) as
 * often as it likes, and turn-1's build paid a GetUser for each: 1,038 a minute in issue 20.
 *
 * The spent calls are kept in storage.session (memory only, closed to content scripts), so a
 * worker stop does not hand a spamming page a fresh budget.
 */
import type { AreaKV } from '../shared/kv.ts';
import { getItem, sessionItem, setItem } from '../shared/storage-keys.ts';

/** GetUser calls one origin's reports may cost in any window (the README's figure). */
export const GETUSER_BUDGET = 2;
export const BUDGET_WINDOW_MS = 60_000;

const SPENT = sessionItem<Readonly<Record<string, number[]>>>('webSession:budget', {});

export interface ReportBudgetOptions {
  /** storage.session in the worker; memory in tests. */
  store: AreaKV<'session'>;
  /** Default: Date.now. */
  now?: () => number;
}

export class ReportBudget {
  readonly #store: AreaKV<'session'>;
  readonly #now: () => number;

  constructor(o: ReportBudgetOptions) {
    this.#store = o.store;
    this.#now = o.now ?? Date.now;
  }

  /**
   * Takes one call from `origin`'s budget: 0 when taken, else how long until one is free again
   * (ms). Callers run one at a time (WebSessionOffers serialises reports), so two reports cannot
   * both take the last one.
   */
  async spend(origin: string): Promise<number> {
    const now = this.#now();
    const recent = (calls: number[] | undefined) => (calls ?? []).filter((at) => at > now - BUDGET_WINDOW_MS);
    const spent = await getItem(this.#store, SPENT);
    const mine = recent(spent[origin]);
    if (mine.length >= GETUSER_BUDGET) return Math.max(1, Math.min(...mine) + BUDGET_WINDOW_MS - now);
    // Other origins' old calls are dropped on the way: the record never outgrows a minute.
    const kept = Object.fromEntries(Object.entries(spent).map(([o, calls]) => [o, recent(calls)] as const).filter(([, calls]) => calls.length > 0));
    await setItem(this.#store, SPENT, { ...kept, [origin]: [...mine, now] });
    return 0;
  }
}
