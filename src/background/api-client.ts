/**
 * Calls to the Cruddur API. The access token is attached here and only here, and only to the
 * configured API origin. Signed out, no Authorization header is sent at all (the original web
 * app sent `Bearer null`). A 401 forces one refresh and one retry.
 */
import type { Feed } from '../shared/activity.ts';
import type { TokenManager } from '../auth/token-manager.ts';
import { AuthError } from '../auth/errors.ts';
import { BackgroundError, notConfigured } from './wire-error.ts';

export interface ApiClientOptions {
  apiUrl: () => string;
  tokens: Pick<TokenManager, 'state' | 'getAccessToken' | 'forceRefresh'>;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
}

const unreachable = () =>
  new BackgroundError('api-unreachable', 'Cruddur is not answering right now. You are still signed in; try again shortly.');

/** The configured API address; a fresh install without one is "not set up yet", not a crash. */
function apiBase(apiUrl: string): URL {
  let base: URL;
  try {
    base = new URL(apiUrl);
  } catch {
    throw notConfigured();
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw notConfigured();
  return base;
}

export class ApiClient {
  readonly #o: ApiClientOptions;
  readonly #fetch: typeof fetch;

  constructor(o: ApiClientOptions) {
    this.#o = o;
    this.#fetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** An API request, authenticated when signed in. Never sends the token anywhere else. */
  async request(path: string, init: RequestInit = {}): Promise<{ response: Response; authenticated: boolean }> {
    const base = apiBase(this.#o.apiUrl());
    const url = new URL(path, base);
    if (url.origin !== base.origin) throw new BackgroundError('forbidden', 'That address is not the Cruddur API.');
    const token = await this.#token();
    let response = await this.#send(url, init, token);
    if (response.status === 401 && token) {
      const fresh = await this.#token(true);
      response = await this.#send(url, init, fresh);
    }
    return { response, authenticated: token !== null };
  }

  async homeFeed(): Promise<Feed> {
    const { response, authenticated } = await this.request('/api/activities/home');
    if (response.status === 401) {
      throw new BackgroundError('api-unauthorized', 'The Cruddur API did not accept your sign-in. Check the API address in Settings.');
    }
    if (!response.ok) throw unreachable();
    const activities: unknown = await response.json().catch(() => null);
    if (!Array.isArray(activities)) throw new BackgroundError('api-invalid', 'The Cruddur API sent something unexpected.');
    return { activities, personalised: authenticated };
  }

  /** The access token, or null when signed out (also when the session ends during the call). */
  async #token(force = false): Promise<string | null> {
    if (this.#o.tokens.state.status !== 'signed-in') return null;
    try {
      return await (force ? this.#o.tokens.forceRefresh() : this.#o.tokens.getAccessToken());
    } catch (e) {
      if (e instanceof AuthError && (e.code === 'signed-out' || e.code === 'session-expired')) return null;
      throw e;
    }
  }

  async #send(url: URL, init: RequestInit, token: string | null): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await this.#fetch(url, { ...init, headers, credentials: 'omit' });
    } catch {
      throw unreachable();
    }
  }
}
