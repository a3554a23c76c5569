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
 */
import { decodeJwt } from '../shared/jwt.ts';
import type { UserProfile } from '../shared/auth-state.ts';
import type { AsyncKV } from '../shared/kv.ts';
import type { WebAppRotation, WebSessionOffer, WebSessionReport } from '../shared/messages.ts';
import { getItem, setItem, storageFamily, storageItem } from '../shared/storage-keys.ts';

/** An offer as the background keeps it: with the page's refresh token. */
export interface HeldOffer extends WebSessionOffer {
  clientId: string;
  refreshToken: string;
  /** Hashes of the tokens it was proved with: a report with the same tokens costs no Cognito call. */
  fingerprint: string;
}

export interface WebSessionOffersOptions {
  /** GetUser: who the access token belongs to. Throws an AuthError when Cognito refuses it. */
  identify(accessToken: string): Promise<UserProfile>;
  /** Memory-only, extension-only (storage.session): offers with their tokens. */
  memory: AsyncKV;
  /** Durable and not secret (hashes, rotation per client). */
  known: AsyncKV;
  /** Default: crypto.randomUUID. */
  newId?: () => string;
  /** Default: Date.now. */
  now?: () => number;
  /** Called after offers were added or removed (the background marks the toolbar button). */
  onChange?: () => void;
}

/** How many token hashes are remembered; older ones belong to sessions long expired. */
export const MAX_REMEMBERED = 100;

/**
 * After Cognito refused (or could not be asked about) an origin's report, that origin's next
 * reports wait this long before costing another GetUser: a hostile page on a configured origin
 * that writes a new made-up session every two seconds then costs Cognito two calls a minute, and
 * a passing outage is still retried within half a minute.
 */
export const REFUSED_COOLDOWN_MS = 30_000;

const OFFERS = storageItem<Record<string, HeldOffer>>('webSession:offers');
const SPENT = storageItem<string[]>('webSession:spent');
const DISMISSED = storageItem<string[]>('webSession:dismissed');
const ROTATION = storageFamily<WebAppRotation>('webSession:rotation:');

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether the access token's own `exp` has passed (unverified: it only spares Cognito a call). */
function expired(accessToken: string, nowMs: number): boolean {
  try {
    const { exp } = decodeJwt(accessToken);
    return typeof exp === 'number' && exp * 1000 <= nowMs;
  } catch {
    return false; // not a JWT: Cognito will say no
  }
}

/** What extension pages may see of a held offer. */
export const toOffer = ({ id, origin, user, rotation }: HeldOffer): WebSessionOffer => ({ id, origin, user, rotation });

export class WebSessionOffers {
  readonly #o: WebSessionOffersOptions;
  readonly #newId: () => string;
  readonly #now: () => number;
  #queue: Promise<unknown> = Promise.resolve();
  /** Origin → when its reports may cost a GetUser again (worker memory: a restart forgets it, harmlessly). */
  readonly #coolingUntil = new Map<string, number>();

  constructor(o: WebSessionOffersOptions) {
    this.#o = o;
    this.#newId = o.newId ?? (() => crypto.randomUUID());
    this.#now = o.now ?? (() => Date.now());
  }

  /**
   * A content script's report for `origin` (null: the page holds no session now). Proves the
   * session with GetUser and keeps an offer; answers only whether one exists.
   */
  report(origin: string, report: WebSessionReport | null): Promise<{ offered: boolean }> {
    // One at a time: two tabs of the web app report at once, and each rewrites the offers.
    return this.#serial(() => this.#report(origin, report));
  }

  async #report(origin: string, report: WebSessionReport | null): Promise<{ offered: boolean }> {
    if (!report) {
      await this.#drop(origin);
      return { offered: false };
    }
    const refreshHash = await sha256(report.refreshToken);
    const fingerprint = `${refreshHash}:${await sha256(report.accessToken)}`;
    const offers = await this.#offers();
    if (offers[origin]?.fingerprint === fingerprint) return { offered: true };
    const dismissed = (await getItem(this.#o.memory, DISMISSED)) ?? [];
    if ((await this.#spent()).includes(refreshHash) || dismissed.includes(refreshHash) || expired(report.accessToken, this.#now())) {
      // An expired access token: the web app refreshes it on its next use, and the page reports
      // again. Refreshing here instead would rotate the web app's token on a rotating client.
      await this.#drop(origin);
      return { offered: false };
    }
    if ((this.#coolingUntil.get(origin) ?? 0) > this.#now()) return { offered: false };
    let user: UserProfile;
    try {
      user = await this.#o.identify(report.accessToken);
    } catch {
      // Refused (forged, revoked, another pool) or unreachable: no offer either way. A passing
      // failure is retried on a report after the cooldown.
      this.#coolingUntil.set(origin, this.#now() + REFUSED_COOLDOWN_MS);
      await this.#drop(origin);
      return { offered: false };
    }
    this.#coolingUntil.delete(origin);
    const rotation = await this.rotation(report.clientId);
    const offer: HeldOffer = { id: this.#newId(), origin, user, rotation, clientId: report.clientId, refreshToken: report.refreshToken, fingerprint };
    await setItem(this.#o.memory, OFFERS, { ...(await this.#offers()), [origin]: offer });
    this.#o.onChange?.();
    return { offered: true };
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
      const dismissed = (await getItem(this.#o.memory, DISMISSED)) ?? [];
      await setItem(this.#o.memory, DISMISSED, [...dismissed, await sha256(offer.refreshToken)].slice(-MAX_REMEMBERED));
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
    const hash = await sha256(refreshToken);
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

  async #spent(): Promise<string[]> {
    return (await getItem(this.#o.known, SPENT)) ?? [];
  }
}
