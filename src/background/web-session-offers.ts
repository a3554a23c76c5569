/**
 * "Continue as": offers to reuse the Cognito session the Cruddur web app holds in its page.
 *
 * A content script on a configured web-app origin reports what the page's storage holds for our
 * client id. Nothing is shown from what the page wrote: the offer's identity is Cognito's answer
 * to GetUser with the page's access token (no refresh, so nothing rotates and the web app's
 * session is untouched). The tokens stay here, in the background's memory-only storage; extension
 * pages get the offer without them, and adopting takes the offer's id, not a token.
 *
 * What is remembered for good is only a SHA-256 hash of each refresh token that was adopted or
 * turned out dead, so the token the extension adopted (and revoked at sign-out) or one Cognito
 * refused is never offered again; and, per client id, whether Cognito rotated refresh tokens.
 *
 * What reports cost Cognito: one GetUser per access token (its answer is kept in worker memory
 * until the token expires, so made-up refresh tokens beside it cost nothing), and never more than
 * the per-origin budget of report-budget.ts, whatever the page invents.
 */
import { decodeJwt } from '../shared/jwt.ts';
import type { UserProfile } from '../shared/auth-state.ts';
import type { AreaKV } from '../shared/kv.ts';
import type { ResponseOf, WebAppRotation, WebSessionOffer, WebSessionReport } from '../shared/messages.ts';
import { getItem, localFamily, localItem, sessionItem, setItem } from '../shared/storage-keys.ts';
import { sha256Hex } from '../shared/sha256-hex.ts';
import { ReportBudget } from './report-budget.ts';

/** What a report is answered: whether an offer exists (never whose), and when to report again if the budget is spent. */
export type ReportAnswer = ResponseOf<'web-session/report'>;

/** An offer as the background keeps it: with the page's refresh token. */
export interface HeldOffer extends Omit<WebSessionOffer, 'usedBefore'> {
  clientId: string;
  refreshToken: string;
  /** Hashes of the tokens it was proved with: a report with the same tokens costs no Cognito call. */
  fingerprint: string;
}

export interface WebSessionOffersOptions {
  /** GetUser: who the access token belongs to. Throws an AuthError when Cognito refuses it. */
  identify(accessToken: string): Promise<UserProfile>;
  /** Memory-only, extension-only (storage.session): offers with their tokens. */
  memory: AreaKV<'session'>;
  /** Durable and not secret (hashes, rotation per client). */
  known: AreaKV<'local'>;
  /** Default: crypto.randomUUID. */
  newId?: () => string;
  /** Default: Date.now. */
  now?: () => number;
  /** Called after offers were added or removed (the background marks the toolbar button). */
  onChange?: () => void;
  /** Whether this account signed in here before (known-accounts.ts). Default: never. */
  usedBefore?: (sub: string) => Promise<boolean>;
}

/** How many token hashes are remembered; older ones belong to sessions long expired. */
export const MAX_REMEMBERED = 100;

/** How many access tokens' owners are kept in memory (a web app has one at a time). */
export const MAX_IDENTITIES = 20;

const OFFERS = sessionItem<Record<string, HeldOffer>>('webSession:offers');
const SPENT = localItem<readonly string[]>('webSession:spent', []);
const DISMISSED = sessionItem<readonly string[]>('webSession:dismissed', []);
const ROTATION = localFamily<WebAppRotation>('webSession:rotation:');

/** The access token's own `exp` in ms (unverified: it only spares Cognito calls); null if it has none. */
function expiresAtMs(accessToken: string): number | null {
  try {
    const { exp } = decodeJwt(accessToken);
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null; // not a JWT: Cognito will say no
  }
}

const expired = (accessToken: string, nowMs: number) => (expiresAtMs(accessToken) ?? Infinity) <= nowMs;

/** What extension pages may see of a held offer, but whether its account was used here. */
export const toOffer = ({ id, origin, user, rotation }: HeldOffer): Omit<WebSessionOffer, 'usedBefore'> => ({ id, origin, user, rotation });

export class WebSessionOffers {
  readonly #o: WebSessionOffersOptions;
  readonly #newId: () => string;
  readonly #now: () => number;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #budget: ReportBudget;
  /** Access-token hash → Cognito's answer for it, until the token expires (worker memory). */
  readonly #identities = new Map<string, { user: UserProfile; untilMs: number }>();

  constructor(o: WebSessionOffersOptions) {
    this.#o = o;
    this.#newId = o.newId ?? (() => crypto.randomUUID());
    this.#now = o.now ?? (() => Date.now());
    this.#budget = new ReportBudget({ store: o.memory, now: this.#now });
  }

  /**
   * A content script's report for `origin` (null: the page holds no session now). Proves the
   * session with GetUser and keeps an offer; answers only whether one exists.
   */
  report(origin: string, report: WebSessionReport | null): Promise<ReportAnswer> {
    // One at a time: two tabs of the web app report at once, and each rewrites the offers.
    return this.#serial(() => this.#report(origin, report));
  }

  async #report(origin: string, report: WebSessionReport | null): Promise<ReportAnswer> {
    if (!report) {
      await this.#drop(origin);
      return { offered: false };
    }
    const refreshHash = await sha256Hex(report.refreshToken);
    const fingerprint = `${refreshHash}:${await sha256Hex(report.accessToken)}`;
    const offers = await this.#offers();
    if (offers[origin]?.fingerprint === fingerprint) return { offered: true };
    const dismissed = (await getItem(this.#o.memory, DISMISSED)) ?? [];
    if ((await this.#spent()).includes(refreshHash) || dismissed.includes(refreshHash) || expired(report.accessToken, this.#now())) {
      // An expired access token: the web app refreshes it on its next use, and the page reports
      // again. Refreshing here instead would rotate the web app's token on a rotating client.
      await this.#drop(origin);
      return { offered: false };
    }
    const found = await this.#identify(origin, report.accessToken);
    if (!('user' in found)) {
      // Refused (forged, revoked, another pool), unreachable, or over the origin's budget: no
      // offer. The content script reports again when the page's session changes, when the tab
      // regains the user's focus, or (over budget) once the budget allows another call.
      await this.#drop(origin);
      return { offered: false, ...found };
    }
    const { user } = found;
    const rotation = await this.rotation(report.clientId);
    const offer: HeldOffer = { id: this.#newId(), origin, user, rotation, clientId: report.clientId, refreshToken: report.refreshToken, fingerprint };
    await setItem(this.#o.memory, OFFERS, { ...(await this.#offers()), [origin]: offer });
    this.#o.onChange?.();
    return { offered: true };
  }

  /** Who the access token belongs to: remembered, or asked of Cognito within the origin's budget. */
  async #identify(origin: string, accessToken: string): Promise<{ user: UserProfile } | { retryInMs?: number }> {
    const key = await sha256Hex(accessToken);
    const known = this.#identities.get(key);
    if (known && known.untilMs > this.#now()) return { user: known.user };
    const retryInMs = await this.#budget.spend(origin);
    if (retryInMs > 0) return { retryInMs };
    try {
      const user = await this.#o.identify(accessToken);
      // Cognito accepted the token, so its `exp` is genuine: its owner stays the same until then.
      const untilMs = expiresAtMs(accessToken);
      if (untilMs !== null) this.#identities.set(key, { user, untilMs });
      for (const old of [...this.#identities.keys()].slice(0, -MAX_IDENTITIES)) this.#identities.delete(old);
      return { user };
    } catch {
      return {};
    }
  }

  /** What extension pages may see of `offer`, with whether its account was used in this browser. */
  async view(offer: HeldOffer): Promise<WebSessionOffer> {
    const usedBefore = (await this.#o.usedBefore?.(offer.user.sub).catch(() => false)) ?? false;
    return { ...toOffer(offer), usedBefore };
  }

  /** The newest offer, or null. */
  async current(): Promise<HeldOffer | null> {
    const all = Object.values(await this.#offers());
    return all.at(-1) ?? null;
  }

  async find(id: string): Promise<HeldOffer | null> {
    return Object.values(await this.#offers()).find((o) => o.id === id) ?? null;
  }

  /**
   * Adopted, or dead at Cognito: the offer goes and the token is never offered again (after
   * sign-out, the extension has revoked the very token the page still holds).
   */
  retire(offer: HeldOffer): Promise<void> {
    return this.#serial(async () => {
      await this.#remember(offer.refreshToken);
      await this.#drop(offer.origin);
    });
  }

  /** "Not now": not offered again until the browser restarts (memory only). */
  dismiss(offer: HeldOffer): Promise<void> {
    return this.#serial(async () => {
      const dismissed = await getItem(this.#o.memory, DISMISSED);
      await setItem(this.#o.memory, DISMISSED, [...dismissed, await sha256Hex(offer.refreshToken)].slice(-MAX_REMEMBERED));
      await this.#drop(offer.origin);
    });
  }

  async learnRotation(clientId: string, rotated: boolean): Promise<void> {
    await setItem(this.#o.known, ROTATION.item(clientId), rotated ? 'rotates' : 'keeps');
  }

  /** What adopting does to the web app's session on this client; unknown until a refresh told us. */
  async rotation(clientId: string): Promise<WebAppRotation> {
    return (await getItem(this.#o.known, ROTATION.item(clientId))) ?? 'unknown';
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #remember(refreshToken: string): Promise<void> {
    const hash = await sha256Hex(refreshToken);
    const spent = (await this.#spent()).filter((h) => h !== hash);
    await setItem(this.#o.known, SPENT, [...spent, hash].slice(-MAX_REMEMBERED));
  }

  async #drop(origin: string): Promise<void> {
    const offers = await this.#offers();
    if (!(origin in offers)) return;
    delete offers[origin];
    await setItem(this.#o.memory, OFFERS, offers);
    this.#o.onChange?.();
  }

  async #offers(): Promise<Record<string, HeldOffer>> {
    return (await getItem(this.#o.memory, OFFERS)) ?? {};
  }

  async #spent(): Promise<readonly string[]> {
    return getItem(this.#o.known, SPENT);
  }
}
