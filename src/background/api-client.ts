/**
 * Calls to the Cruddur API. The access token is attached here and only here, and only to the
 * configured API origin. Signed out, no Authorization header is sent at all (the original web
 * app sent `Bearer null`). A 401 forces one refresh and one retry.
 *
 * Every call has a deadline (a hanging API must not hold a spinner, or queue the next identical
 * request behind it in the browser) and bypasses the HTTP cache (a feed is per user and live).
 */
import { toActivities, toActivity, type Activity, type Feed } from '../shared/activity.ts';
import type { NewCrud } from '../shared/messages.ts';
import type { TokenManager } from '../auth/token-manager.ts';
import { AuthError } from '../auth/errors.ts';
import { BackgroundError, notConfigured } from './wire-error.ts';

export interface ApiClientOptions {
  apiUrl: () => string;
  tokens: Pick<TokenManager, 'state' | 'getAccessToken' | 'forceRefresh'>;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
  /** How long one request may take before it is given up. Default: API_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The deadline of one API request. */
export const API_TIMEOUT_MS = 10_000;

const unreachable = () =>
  new BackgroundError('api-unreachable');
const timedOut = () => new BackgroundError('api-timeout');
const unauthorized = () =>
  new BackgroundError('api-unauthorized');

/**
 * The API's 422 codes (server/activity.ts), as a message beside the field they are about. A Map,
 * so a code such as "constructor" finds nothing, and a code that is not text finds nothing.
 */
const CRUD_FIELD_ERRORS = new Map<unknown, [field: 'message' | 'ttl', message: string]>([
  ['message_blank', ['message', 'Write something first.']],
  ['message_exceed_max_chars', ['message', 'A crud can be at most 280 characters.']],
  ['ttl_blank', ['ttl', 'Choose when the crud expires.']],
  ['ttl_invalid', ['ttl', 'Choose one of the listed expiry times.']],
]);

/** Seconds to wait, from a 429's `Retry-After` (seconds or an HTTP date); at least 1. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (!header) return 1;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 1;
}

const rateLimited = (response: Response) =>
  new BackgroundError('rate-limited', `Slow down, try again in ${retryAfterSeconds(response.headers.get('Retry-After'))} s.`);

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
    let token = await this.#token();
    let response = await this.#send(url, init, token);
    if (response.status === 401 && token) {
      token = await this.#token(true);
      response = await this.#send(url, init, token);
    }
    // What the answer is about follows the request that produced it: a retry that went out
    // without a token (the refresh was refused) got the public answer.
    return { response, authenticated: token !== null };
  }

  async homeFeed(): Promise<Feed> {
    const { response, authenticated } = await this.request('/api/activities/home');
    if (response.status === 401) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    if (!response.ok) throw unreachable();
    const activities: unknown = await response.json().catch(() => undefined);
    if (!Array.isArray(activities)) throw new BackgroundError('api-invalid');
    // Read tolerantly: either backend's shapes (shared/activity.ts).
    return { activities: toActivities(activities), personalised: authenticated };
  }

  /** Posts a crud as the signed-in user; the API's own object comes back. */
  async postActivity(crud: NewCrud): Promise<Activity> {
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', 'Sign in to post a crud.');
    const { response, authenticated } = await this.request('/api/activities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: crud.message, ttl: crud.ttl }),
    });
    if (response.status === 401 || !authenticated) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    if (response.status === 422) throw invalidCrud(await response.json().catch(() => undefined));
    if (!response.ok) throw unreachable();
    const body: unknown = await response.json().catch(() => undefined);
    // Whatever is not an object with a text uuid (null, a list, a number, no JSON at all) has no uuid.
    const activity = typeof (body as Partial<Activity> | null | undefined)?.uuid === 'string' ? toActivity(body) : null;
    if (!activity) throw new BackgroundError('api-invalid');
    return activity;
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
    // setTimeout rather than AbortSignal.timeout, so fake timers can drive it in tests. Not
    // cleared on an answer: the deadline covers reading the body too (aborting later is a no-op).
    const deadline = new AbortController();
    const { signal } = deadline;
    setTimeout(() => deadline.abort(), this.#o.timeoutMs ?? API_TIMEOUT_MS);
    try {
      return await this.#fetch(url, { ...init, headers, credentials: 'omit', cache: 'no-store', signal });
    } catch {
      throw signal.aborted ? timedOut() : unreachable();
    }
  }
}

/** A 422's codes as messages per field; codes we do not know still say something plain. */
function invalidCrud(codes: unknown): BackgroundError {
  const fields: Record<string, string> = {};
  // Stryker disable next-line ArrayDeclaration: iterating an unknown code instead of none leaves the same fallback
  for (const code of Array.isArray(codes) ? codes : []) {
    const known = CRUD_FIELD_ERRORS.get(code);
    if (known && !fields[known[0]]) fields[known[0]] = known[1];
  }
  if (Object.keys(fields).length === 0) fields.message = 'Cruddur did not accept this crud.';
  return new BackgroundError('invalid-crud', undefined, fields);
}
