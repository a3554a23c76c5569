/**
 * The token manager owns the session: it hands out valid access tokens, refreshes them once
 * however many callers ask, persists new tokens before anyone sees them, and decides between
 * "retry later" and "signed out" when a refresh fails.
 *
 * It refreshes ahead of time only while the session is in use (a context holds it open, or an
 * API call happened within `inUseWindowMs`). An idle browser makes no Cognito calls at all; the
 * next use refreshes lazily.
 */
import { signedOut, type AuthState, type SignOutReason, type UserProfile } from '../shared/auth-state.ts';
import { AuthError, toAuthError } from './errors.ts';
import { noAlarms, systemClock, type AlarmsPort, type Clock, type RefreshPort, type SessionRecord, type SessionStore, type SessionVia } from './ports.ts';
import {
  DEFAULT_POLICY,
  nextRefreshAt,
  retryDelay,
  sessionFromTokens,
  sessionState,
  type Policy,
  type Session,
  type TokenSet,
} from './token-policy.ts';

export interface TokenManagerOptions {
  cognito: RefreshPort;
  store: SessionStore;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: no scheduling (refresh happens lazily on use only). */
  alarms?: AlarmsPort;
  /** Default: Math.random; used for jitter. */
  random?: () => number;
  /** Default: DEFAULT_POLICY. */
  policy?: Partial<Policy>;
  /** Why the previous session ended, when this manager replaces one (settings changed). */
  signedOutReason?: SignOutReason;
  /**
   * Where the last use time is kept, so the in-use window survives a worker stop (the worker
   * passes storage.session). Default: memory only (a restart starts idle).
   */
  lastUse?: LastUseStore;
}

/** Keeps the time of the last use (epoch ms). Saving is best-effort: it never fails a call. */
export interface LastUseStore {
  load(): Promise<number | undefined>;
  save(at: number): Promise<void>;
}

type Listener = (state: AuthState) => void;

export class TokenManager {
  readonly #cognito: RefreshPort;
  readonly #store: SessionStore;
  readonly #clock: Clock;
  readonly #alarms: AlarmsPort;
  readonly #random: () => number;
  readonly #policy: Policy;
  readonly #listeners = new Set<Listener>();

  #loading: Promise<void> | null = null;
  #record: SessionRecord | null = null;
  #state: AuthState = signedOut();
  #inFlight: Promise<Session> | null = null;
  #failures = 0;
  /** While refreshes fail: when the next attempt may happen, and the failure to report until then. */
  #retryAt = 0;
  #lastFailure: AuthError | null = null;
  /** Why the session last ended: a state that stays signed out keeps it, until the next sign-in. */
  #reason: SignOutReason | undefined;
  #lastUseAt = Number.NEGATIVE_INFINITY;
  #holds = 0;
  #alarmAt: number | null = null;
  readonly #lastUse: LastUseStore | undefined;

  constructor(o: TokenManagerOptions) {
    this.#lastUse = o.lastUse;
    this.#cognito = o.cognito;
    this.#store = o.store;
    this.#clock = o.clock ?? systemClock;
    this.#alarms = o.alarms ?? noAlarms;
    this.#random = o.random ?? Math.random;
    this.#policy = { ...DEFAULT_POLICY, ...o.policy };
    this.#reason = o.signedOutReason;
    this.#state = signedOut(this.#reason);
  }

  /** Loads the stored session, once. Makes no network call. */
  init(): Promise<void> {
    this.#loading ??= Promise.all([this.#store.load(), this.#lastUse?.load().catch(() => undefined)]).then(([record, lastUseAt]) => {
      this.#record = record;
      // A use since this worker started is newer than the stored one.
      this.#lastUseAt = Math.max(this.#lastUseAt, lastUseAt ?? Number.NEGATIVE_INFINITY);
      this.#emit();
    });
    return this.#loading;
  }

  get state(): AuthState {
    return this.#state;
  }

  /** The stored session, for the few background operations that need a token (sign-out). */
  async session(): Promise<Session | null> {
    await this.init();
    return this.#record?.session ?? null;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How the stored session began (absent: the user-pool API). */
  async via(): Promise<SessionVia | undefined> {
    await this.init();
    return this.#record?.via;
  }

  /**
   * Adopts fresh tokens from a sign-in. They are persisted before the state says "signed in".
   * `via`: how they were got, kept with the session for its refreshes (managed login).
   */
  async start(tokens: TokenSet, user: UserProfile, via?: SessionVia): Promise<void> {
    await this.init();
    const record: SessionRecord = { session: sessionFromTokens(tokens, this.#clock.now()), user, ...(via ? { via } : {}) };
    await this.#save(record);
    this.#record = record;
    this.#failures = 0;
    this.#alarmAt = null;
    this.#emit();
    this.#schedule();
  }

  /** A valid access token, refreshed first only when due. */
  async getAccessToken(): Promise<string> {
    await this.init();
    this.touch();
    const record = this.#requireRecord();
    const state = sessionState(record.session, this.#clock.now(), this.#policy);
    if (state === 'valid') return record.session.accessToken;
    const failure = this.#backoff();
    if (failure) {
      // Cognito failed a moment ago: callers wait for the scheduled retry instead of adding calls.
      if (state === 'refresh-due') return record.session.accessToken;
      throw failure;
    }
    try {
      return (await this.#refresh()).accessToken;
    } catch (e) {
      // A token that is merely due (not expired) still works while Cognito is unreachable.
      if (state === 'refresh-due' && e instanceof AuthError && e.transient) return record.session.accessToken;
      throw e;
    }
  }

  /**
   * The access token only if it is valid now and the session is in use; otherwise null. It never
   * refreshes and never counts as a use: a caller that only peeks (the messages badge) costs
   * Cognito nothing and keeps nothing alive.
   */
  peekAccessToken(): string | null {
    if (!this.#record || !this.#inUse()) return null;
    return sessionState(this.#record.session, this.#clock.now(), this.#policy) === 'valid' ? this.#record.session.accessToken : null;
  }

  /** For an API 401: refresh now, joining a refresh already under way. */
  async forceRefresh(): Promise<string> {
    await this.init();
    this.touch();
    this.#requireRecord();
    const failure = this.#backoff();
    if (failure) throw failure;
    return (await this.#refresh()).accessToken;
  }

  /** The alarm fired: refresh if the session is in use, otherwise stay idle. */
  async onAlarm(): Promise<void> {
    await this.init();
    this.#alarmAt = null;
    if (!this.#record || !this.#inUse()) return;
    // Due from the earliest moment a jittered alarm could have been set for.
    const due = this.#clock.now() >= nextRefreshAt(this.#record.session, 1, this.#policy);
    if (!due && this.#failures === 0) return this.#schedule();
    await this.#refresh().catch(() => {
      // Failures are handled in #refresh (retry scheduled, or signed out); nobody awaits an alarm.
    });
  }

  /** An API call happened: the session is in use for the next `inUseWindowMs`. */
  touch(): void {
    this.#used();
    this.#schedule();
  }

  #used(): void {
    this.#lastUseAt = this.#clock.now();
    void this.#lastUse?.save(this.#lastUseAt).catch(() => undefined);
  }

  /** A context (popup, options page) is open: the session is in use until the release. */
  hold(): () => void {
    this.#holds += 1;
    this.#schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      this.#used();
    };
  }

  /** Ends the session locally. Revoking tokens at Cognito is the caller's business. */
  async signOut(reason: SignOutReason): Promise<void> {
    await this.init();
    this.#record = null;
    this.#failures = 0;
    this.#alarmAt = null;
    this.#reason = reason;
    this.#emit();
    await this.#alarms.clear();
    await this.#store.clear().catch((e: unknown) => {
      throw new AuthError('storage', { cause: e });
    });
  }

  #requireRecord(): SessionRecord {
    if (!this.#record) throw new AuthError('signed-out');
    return this.#record;
  }

  #refresh(): Promise<Session> {
    this.#inFlight ??= this.#doRefresh().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #doRefresh(): Promise<Session> {
    const record = this.#requireRecord();
    let tokens: TokenSet;
    try {
      tokens = record.via
        ? await this.#cognito.refresh(record.session.refreshToken, record.session.username, record.via)
        : await this.#cognito.refresh(record.session.refreshToken, record.session.username);
    } catch (e) {
      const error = toAuthError(e, 'refresh');
      if (this.#record !== record) throw error;
      if (error.code === 'session-expired') {
        await this.signOut('session-expired');
      } else {
        this.#failures += 1;
        this.#retryAt = this.#clock.now() + retryDelay(this.#failures, this.#random(), this.#policy);
        this.#lastFailure = error;
        this.#alarmAt = null;
        this.#emit();
        this.#schedule();
      }
      throw error;
    }
    // Signed out (or signed in as someone else) while the refresh was under way: do not resurrect.
    if (this.#record !== record) throw new AuthError('signed-out');
    const next: SessionRecord = { ...record, session: sessionFromTokens(tokens, this.#clock.now(), record.session) };
    await this.#save(next);
    if (this.#record !== record) {
      // …and if that happened during the write, put back what is current now.
      await (this.#record ? this.#save(this.#record) : this.#store.clear());
      throw new AuthError('signed-out');
    }
    this.#record = next;
    this.#failures = 0;
    this.#lastFailure = null;
    this.#alarmAt = null;
    this.#emit();
    this.#schedule();
    return next.session;
  }

  async #save(record: SessionRecord): Promise<void> {
    try {
      await this.#store.save(record);
    } catch (e) {
      throw new AuthError('storage', { cause: e });
    }
  }

  /** The failure to report while waiting for the scheduled retry, or null when a call may go out. */
  #backoff(): AuthError | null {
    return this.#failures > 0 && this.#clock.now() < this.#retryAt ? this.#lastFailure : null;
  }

  #inUse(): boolean {
    return this.#holds > 0 || this.#clock.now() - this.#lastUseAt < this.#policy.inUseWindowMs;
  }

  /** Keeps one alarm pending while in use: the next refresh, or the next retry after a failure. */
  #schedule(): void {
    if (!this.#record || this.#alarmAt !== null || !this.#inUse()) return;
    const now = this.#clock.now();
    const at = this.#failures > 0 ? Math.max(now, this.#retryAt) : Math.max(now, nextRefreshAt(this.#record.session, this.#random(), this.#policy));
    this.#alarmAt = at;
    void this.#alarms.schedule(at);
  }

  #emit(): void {
    const next: AuthState = this.#record
      ? { status: 'signed-in', user: this.#record.user, offline: this.#failures > 0 }
      : signedOut(this.#reason);
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(next);
  }
}
