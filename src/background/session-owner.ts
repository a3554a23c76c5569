/**
 * The background's single owner of the session: builds adapter, token manager, auth service
 * and API client from the current settings, and rebuilds them when a Cognito setting changes
 * (signing out first if the pool or client changed, since those tokens belong to another issuer).
 *
 * Callers get what they do (the state, holds, the alarm, the API calls) and the current auth
 * service, never the token manager: a part kept across a rebuild would talk to the old pool.
 */
import { AuthService } from '../auth/auth-service.ts';
import { CognitoAdapter, type CognitoAuth } from '../auth/cognito-adapter.ts';
import { MirrorStorage } from '../auth/mirror-storage.ts';
import type { AlarmsPort, Clock, RefreshPort } from '../auth/ports.ts';
import type { TokenSet } from '../auth/token-policy.ts';
import { kvSessionStore } from '../auth/session-store.ts';
import { TokenManager } from '../auth/token-manager.ts';
import type { Activity, Feed } from '../shared/activity.ts';
import type { AuthState } from '../shared/auth-state.ts';
import type { AreaKV } from '../shared/kv.ts';
import type { NewCrud } from '../shared/messages.ts';
import { getItem, LAST_USE_AT, setItem } from '../shared/storage-keys.ts';
import { sameCognitoConfig, sameIdentityProvider, validateSettings, type CognitoConfig, type Settings } from '../shared/settings.ts';
import { ApiClient } from './api-client.ts';
import { notConfigured } from './wire-error.ts';

export interface SessionOwnerOptions {
  settings: Settings;
  /** Extension-origin durable store: the session record and the library's storage. */
  durable: AreaKV<'indexeddb'>;
  /** Memory-only, extension-only store for pending flow state. */
  pending: AreaKV<'session'>;
  alarms: AlarmsPort;
  /** Default: the real adapter over a MirrorStorage on `durable`. */
  cognito?: (config: CognitoConfig) => Promise<CognitoAuth>;
  fetch?: typeof fetch;
  /** Default: the system clock. The bench moves it to age tokens without waiting. */
  clock?: Clock;
  /** A managed-login session's own endpoints (managed-login.ts): its refresh, and its end. */
  managedLogin?: ManagedLoginEndpoints;
}

/** Refresh and sign-out at the pool's managed-login domain, for sessions that began there. */
export interface ManagedLoginEndpoints {
  refresh(settings: Settings, refreshToken: string): Promise<TokenSet>;
  end(settings: Settings, refreshToken: string, o: { revoke: boolean }): Promise<void>;
}

const COGNITO_FIELDS = ['region', 'userPoolId', 'clientId', 'endpoint', 'authFlow'] as const;

/** A Cognito that refuses everything politely: the extension has no pool configured yet. */
const unconfigured: CognitoAuth = new Proxy({} as CognitoAuth, {
  // Not `then`: a promise resolving to an object with `then` would wait on it forever.
  get: (_, key) => (key === 'then' ? undefined : () => Promise.reject(notConfigured())),
});

export class SessionOwner {
  readonly #o: SessionOwnerOptions;
  readonly #listeners = new Set<(state: AuthState) => void>();
  /** Open holds, each re-taken on the new token manager when a rebuild replaces it. */
  readonly #holds = new Set<{ release: () => void }>();
  #settings: Settings;
  #tokens: TokenManager | undefined;
  #auth!: AuthService;
  #unsubscribe = () => {};
  readonly #api: ApiClient;

  constructor(o: SessionOwnerOptions) {
    this.#o = o;
    this.#settings = o.settings;
    // The API client outlives rebuilds: it always asks the current token manager.
    const current = () => this.#current;
    const tokens = {
      get state() {
        return current().state;
      },
      getAccessToken: () => current().getAccessToken(),
      forceRefresh: () => current().forceRefresh(),
    };
    this.#api = new ApiClient({ apiUrl: () => this.#settings.apiUrl, tokens, ...(o.fetch ? { fetch: o.fetch } : {}) });
  }

  /** Builds everything and loads the stored session. No network call. */
  async init(): Promise<void> {
    await this.#build();
  }

  get settings(): Settings {
    return this.#settings;
  }

  get #current(): TokenManager {
    if (!this.#tokens) throw new Error('SessionOwner used before init()');
    return this.#tokens;
  }

  /** The auth state contexts may see (no token). */
  get state(): AuthState {
    return this.#current.state;
  }

  onState(listener: (state: AuthState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A context is open: the session is in use (refreshed ahead of time) until the release. */
  hold(): () => void {
    const held = { release: this.#current.hold() };
    this.#holds.add(held);
    return () => {
      if (!this.#holds.delete(held)) return;
      held.release();
    };
  }

  /** The refresh-ahead alarm fired. */
  onAlarm(): Promise<void> {
    return this.#current.onAlarm();
  }

  /**
   * The auth service of the current settings: sign-in, MFA, sign-up, sign-out, devices. Read it
   * at each call and never keep it: a change of pool or client replaces it.
   */
  get auth(): AuthService {
    return this.#auth;
  }

  // The Cruddur API, with the current session's token.
  homeFeed(): Promise<Feed> {
    return this.#api.homeFeed();
  }
  postActivity(crud: NewCrud): Promise<Activity> {
    return this.#api.postActivity(crud);
  }
  /** The API client itself (threads, profiles, search, replies): it attaches the token, only to the API. */
  get api(): Pick<ApiClient, 'thread' | 'reply' | 'userActivities' | 'search' | 'conversations' | 'conversation' | 'sendMessage' | 'unreadConversations'> {
    return this.#api;
  }
  /** The access token if valid and in use, else null: never a refresh, never a use (the messages badge). */
  peekAccessToken(): string | null {
    return this.#current.peekAccessToken();
  }

  /** Applies new settings; returns whether that ended the session. */
  async reconfigure(next: Settings): Promise<{ signedOut: boolean }> {
    const previous = this.#settings;
    // The API client reads the API address lazily and the handlers read the origins: keep the
    // session, its in-use holds, backoff and any refresh in flight.
    if (sameCognitoConfig(previous, next)) {
      this.#settings = next;
      return { signedOut: false };
    }
    const wasSignedIn = this.state.status === 'signed-in';
    const identityChanged = !sameIdentityProvider(previous, next);
    // The current auth service still talks to the old pool: it revokes there, best effort.
    if (identityChanged && wasSignedIn) await this.#auth.signOut({ reason: 'settings-changed' });
    this.#settings = next;
    await this.#build();
    return { signedOut: identityChanged && wasSignedIn };
  }

  async #build(): Promise<void> {
    const cognito = await this.#cognitoFor(this.#settings);
    const previous = this.#tokens?.state;
    const managed = this.#o.managedLogin;
    // One session whatever the door: a managed-login session refreshes at its token endpoint,
    // through the same manager (one refresh per burst, the same storage).
    const refresher: RefreshPort = managed
      ? { refresh: (token, username, via) => (via === 'managed-login' ? managed.refresh(this.#settings, token) : cognito.refresh(token, username)) }
      : cognito;
    const tokens = new TokenManager({
      cognito: refresher,
      store: kvSessionStore(this.#o.durable),
      alarms: this.#o.alarms,
      ...(this.#o.clock ? { clock: this.#o.clock } : {}),
      // The in-use window outlives a worker stop: a refresh-ahead alarm that wakes the worker still sees it.
      lastUse: { load: () => getItem(this.#o.pending, LAST_USE_AT), save: (at) => setItem(this.#o.pending, LAST_USE_AT, at) },
      // A popup opened after "settings changed" should still say why the user is signed out.
      ...(previous?.status === 'signed-out' && previous.reason ? { signedOutReason: previous.reason } : {}),
    });
    this.#unsubscribe();
    this.#tokens = tokens;
    this.#auth = new AuthService({
      cognito,
      tokens,
      pending: this.#o.pending,
      ...(this.#o.clock ? { clock: this.#o.clock } : {}),
      ...(managed ? { managedLogin: { end: (token, o) => managed.end(this.#settings, token, o) } } : {}),
      // Remembered devices beside the session record, per pool and client.
      devices: { store: this.#o.durable, scope: `${this.#settings.userPoolId}/${this.#settings.clientId}` },
    });
    this.#unsubscribe = tokens.subscribe((state) => this.#listeners.forEach((l) => l(state)));
    await tokens.init();
    // Contexts still open keep the session in use on the new manager (the old one is dropped),
    // once it has loaded the session it may schedule a refresh for.
    for (const held of this.#holds) held.release = tokens.hold();
    this.#listeners.forEach((l) => l(tokens.state));
  }

  async #cognitoFor(settings: Settings): Promise<CognitoAuth> {
    const { apiUrl: _api, webAppOrigins: _origins, ...config } = settings;
    const errors = validateSettings(settings);
    if (COGNITO_FIELDS.some((field) => errors[field])) return unconfigured;
    if (this.#o.cognito) return this.#o.cognito(config);
    const storage = new MirrorStorage(this.#o.durable);
    await storage.load();
    return new CognitoAdapter(config, { storage });
  }
}

/**
 * Builds the session as the worker and the bench use it: the parts, then the stored session
 * loaded. `onState` hears the loaded state too (a listener added after would miss it).
 */
export async function createSessionOwner(o: SessionOwnerOptions & { onState?: (state: AuthState) => void }): Promise<SessionOwner> {
  const { onState, ...options } = o;
  const owner = new SessionOwner(options);
  if (onState) owner.onState(onState);
  await owner.init();
  return owner;
}
