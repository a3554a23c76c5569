/**
 * Calls to the Cruddur API. The access token is attached here and only here, and only to the
 * configured API origin. Signed out, no Authorization header is sent at all (the original web
 * app sent `Bearer null`). A 401 forces one refresh and one retry.
 *
 * Every call has a deadline (a hanging API must not hold a spinner, or queue the next identical
 * request behind it in the browser) and bypasses the HTTP cache (a feed is per user and live).
 */
import { toActivities, toActivity, toThread, type Activity, type Feed, type ListedActivity, type Thread } from '../shared/activity.ts';
import type { NewCrud } from '../shared/messages.ts';
import { cleanMessage, MAX_MESSAGE_CHARS, MESSAGE_TEXT, toConversations, toDirectMessage, toDirectMessages, type Conversation, type DirectMessage } from '../shared/direct-message.ts';
import { readApiTime } from '../shared/activity.ts';
import { MAX_CRUD_CHARS } from '../shared/wire-constants.ts';
import type { TokenManager } from '../auth/token-manager.ts';
import { AuthError } from '../auth/errors.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { t } from '../shared/i18n.ts';
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
 * so a code such as "constructor" finds nothing, and a code that is not text finds nothing. The
 * sentences are read when said, so they are in the language of the moment.
 */
const CRUD_FIELD_ERRORS = new Map<unknown, [field: 'message' | 'ttl', message: () => string]>([
  ['message_blank', ['message', () => t('bg_writeSomething')]],
  ['message_exceed_max_chars', ['message', () => t('bg_crudTooLong', MAX_CRUD_CHARS)]],
  ['ttl_blank', ['ttl', () => t('bg_ttlBlank')]],
  ['ttl_invalid', ['ttl', () => t('bg_ttlInvalid')]],
]);

/** A crud's id: the API's routes take nothing else, so nothing else is put in a path. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API's limit for a search term (server/activity.ts MAX_SEARCH_CHARS). */
export const MAX_SEARCH_CHARS = 100;

/**
 * The client's sentences for threads, profiles and search, more specific than their codes'
 * (error-codes.ts). Functions: each is read from the catalog when it is said.
 */
export const API_SENTENCES = {
  threadGone: () => t('bg_threadGone'),
  noSuchHandle: (handle: string) => t('bg_noSuchHandle', handle.replace(/^@/, '')),
  searchBlank: () => errorSentence('invalid-search'),
  searchTooLong: () => t('bg_searchTooLong', MAX_SEARCH_CHARS),
  searchInvalid: () => t('bg_searchInvalid'),
  signInToReply: () => t('bg_signInToReply'),
  handleHeld: () => t('bg_replyHandleHeld'),
  signInToMessage: () => t('bg_signInToMessage'),
  noMessageHandle: () => t('bg_noMessageHandle'),
  messageSelf: () => t('bg_messageSelf'),
  messageRefused: () => t('bg_messageRefused'),
  messageHandleHeld: () => t('bg_messageHandleHeld'),
} as const;

/** The badge's answer: how many conversations have new messages, and the newest time seen in the answer. */
export interface UnreadCheck {
  count: number;
  /** The newest conversation time the answer showed (ISO, '' when none): the first seen mark. */
  newest: string;
}

/** A handle as a path segment: trimmed, without `@`; '' when there is none. */
const handleName = (handle: string) => handle.trim().replace(/^@/, '').slice(0, 200);

/** The message 422 codes (server/message-input.ts) as messages beside the field they are about. */
const MESSAGE_FIELD_ERRORS = new Map<unknown, [field: 'message' | 'handle', message: () => string]>([
  ['message_blank', ['message', () => MESSAGE_TEXT.blank]],
  ['message_exceed_max_chars', ['message', () => MESSAGE_TEXT.tooLong]],
  ['user_reciever_handle_blank', ['handle', API_SENTENCES.noMessageHandle]],
  ['user_receiver_handle_blank', ['handle', API_SENTENCES.noMessageHandle]],
  ['user_receiver_handle_self', ['handle', API_SENTENCES.messageSelf]],
]);

function invalidMessage(codes: unknown): BackgroundError {
  const fields: Record<string, string> = {};
  // Stryker disable next-line ArrayDeclaration: iterating an unknown code instead of none leaves the same fallback
  for (const code of Array.isArray(codes) ? codes : []) {
    const known = MESSAGE_FIELD_ERRORS.get(code);
    if (known && !fields[known[0]]) fields[known[0]] = known[1]();
  }
  if (Object.keys(fields).length === 0) fields.message = API_SENTENCES.messageRefused();
  return new BackgroundError('invalid-crud', fields.message ?? fields.handle, fields);
}

const invalidSearch = (sentence: string) => new BackgroundError('invalid-search', sentence, { term: sentence });

/** Seconds to wait, from a 429's `Retry-After` (seconds or an HTTP date); at least 1. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (!header) return 1;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 1;
}

const rateLimited = (response: Response) =>
  new BackgroundError('rate-limited', t('bg_rateLimitedWait', retryAfterSeconds(response.headers.get('Retry-After'))));

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
    if (url.origin !== base.origin) throw new BackgroundError('forbidden', t('bg_notTheApi'));
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
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', t('bg_signInToPost'));
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

  /** A crud with its replies (`GET /api/activities/<uuid>`), in either backend's shape. */
  async thread(uuid: string): Promise<Thread> {
    if (!UUID.test(uuid)) throw new BackgroundError('not-found', API_SENTENCES.threadGone());
    const response = await this.#read(`/api/activities/${uuid}`, API_SENTENCES.threadGone());
    const thread = toThread(await response.json().catch(() => undefined));
    if (!thread) throw new BackgroundError('api-invalid');
    return thread;
  }

  /** A user's cruds (`GET /api/activities/@<handle>`). */
  async userActivities(handle: string): Promise<Activity[]> {
    const name = handle.trim().replace(/^@/, '');
    if (!name) throw new BackgroundError('not-found', API_SENTENCES.noSuchHandle(handle));
    const response = await this.#read(`/api/activities/@${encodeURIComponent(name)}`, API_SENTENCES.noSuchHandle(name));
    return this.#list(response);
  }

  /** Public cruds matching `term` (`GET /api/activities/search`); checked here as the API would. */
  async search(term: string): Promise<Activity[]> {
    const trimmed = term.trim();
    if (trimmed === '') throw invalidSearch(API_SENTENCES.searchBlank());
    if ([...trimmed].length > MAX_SEARCH_CHARS) throw invalidSearch(API_SENTENCES.searchTooLong());
    const response = await this.#read(`/api/activities/search?term=${encodeURIComponent(trimmed)}`, errorSentence('not-found'), (r) => r.status === 422);
    if (response.status === 422) {
      const codes: unknown = await response.json().catch(() => undefined);
      throw invalidSearch(Array.isArray(codes) && codes.includes('search_term_exceed_max_chars') ? API_SENTENCES.searchTooLong() : Array.isArray(codes) && codes.includes('search_term_blank') ? API_SENTENCES.searchBlank() : API_SENTENCES.searchInvalid());
    }
    return this.#list(response);
  }

  /** Replies to a crud as the signed-in user (`POST /api/activities/<uuid>/reply`); the API's reply comes back. */
  async reply(uuid: string, message: string): Promise<ListedActivity> {
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', API_SENTENCES.signInToReply());
    if (!UUID.test(uuid)) throw new BackgroundError('not-found', API_SENTENCES.threadGone());
    // As the API stores it (server/activity.ts messageText): a blank one is refused without asking.
    const text = message.replaceAll('\0', '').trim();
    if (text === '') throw invalidCrud(['message_blank']);
    const { response, authenticated } = await this.request(`/api/activities/${uuid}/reply`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: text }),
    });
    if (response.status === 401 || !authenticated) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    if (response.status === 404) throw new BackgroundError('not-found', API_SENTENCES.threadGone());
    if (response.status === 422) throw invalidCrud(await response.json().catch(() => undefined));
    if (response.status === 409) throw new BackgroundError('invalid-crud', API_SENTENCES.handleHeld(), { message: API_SENTENCES.handleHeld() });
    if (!response.ok) throw unreachable();
    const body: unknown = await response.json().catch(() => undefined);
    const reply = typeof (body as Partial<Activity> | null | undefined)?.uuid === 'string' ? toActivity(body) : null;
    if (!reply) throw new BackgroundError('api-invalid');
    return reply;
  }

  /** The user's conversations (`GET /api/message_groups`), latest first, in either backend's shape. */
  async conversations(): Promise<Conversation[]> {
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', API_SENTENCES.signInToMessage());
    const response = await this.#read('/api/message_groups', errorSentence('not-found'));
    const list = toConversations(await response.json().catch(() => undefined));
    if (!list) throw new BackgroundError('api-invalid');
    return list;
  }

  /** The conversation with `handle` (`GET /api/messages/@<handle>`), oldest first; reading it marks it read on this API. */
  async conversation(handle: string): Promise<DirectMessage[]> {
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', API_SENTENCES.signInToMessage());
    const name = handleName(handle);
    if (!name) throw new BackgroundError('not-found', API_SENTENCES.noSuchHandle(handle));
    const response = await this.#read(`/api/messages/@${encodeURIComponent(name)}`, API_SENTENCES.noSuchHandle(name), (r) => r.status === 422);
    if (response.status === 422) throw invalidMessage(await response.json().catch(() => undefined));
    const list = toDirectMessages(await response.json().catch(() => undefined));
    if (!list) throw new BackgroundError('api-invalid');
    return list;
  }

  /**
   * Sends a message to `handle` (`POST /api/messages`) in the original's week-3 body, which both
   * backends take: `{message, user_receiver_handle}`. Blank or too long is refused without asking.
   */
  async sendMessage(handle: string, message: string): Promise<DirectMessage> {
    if (this.#o.tokens.state.status !== 'signed-in') throw new BackgroundError('signed-out', API_SENTENCES.signInToMessage());
    const name = handleName(handle);
    if (!name) throw invalidMessage(['user_reciever_handle_blank']);
    const text = cleanMessage(message);
    if (text === '') throw invalidMessage(['message_blank']);
    if ([...text].length > MAX_MESSAGE_CHARS) throw invalidMessage(['message_exceed_max_chars']);
    const { response, authenticated } = await this.request('/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: text, user_receiver_handle: name }),
    });
    if (response.status === 401 || !authenticated) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    if (response.status === 404) throw new BackgroundError('not-found', API_SENTENCES.noSuchHandle(name));
    if (response.status === 422) throw invalidMessage(await response.json().catch(() => undefined));
    if (response.status === 409) throw new BackgroundError('invalid-crud', API_SENTENCES.messageHandleHeld(), { message: API_SENTENCES.messageHandleHeld() });
    if (!response.ok) throw unreachable();
    const sent = toDirectMessage(await response.json().catch(() => undefined));
    if (!sent) throw new BackgroundError('api-invalid');
    return sent;
  }

  /**
   * For the toolbar badge: conversations with messages newer than `seenAt` (ISO; '' when the user
   * has not looked yet). Sent with `token`, which the caller checked is valid: no refresh, no
   * retry on a 401 (it throws `api-unauthorized`), and it does not count as using the session.
   *
   * This API: `GET /api/message_groups/unread` (no Cognito call on the server either); only when
   * its newest unread message is newer than `seenAt` does the list say which conversations.
   * The original backend has no such route (404): its list's `created_at` against `seenAt`.
   * With no `seenAt`, this API's own read marks count; the original's list counts nothing.
   */
  async unreadConversations(token: string, seenAt: string): Promise<UnreadCheck> {
    const seen = seenAt ? readApiTime(seenAt) ?? 0 : null;
    const unread = await this.#badgeGet('/api/message_groups/unread', token);
    if (unread.status !== 404) {
      if (!unread.ok) throw unreachable();
      const body = (await unread.json().catch(() => undefined)) as { unread_conversations?: unknown; newest_unread_at?: unknown } | undefined;
      const count = typeof body?.unread_conversations === 'number' && body.unread_conversations > 0 ? Math.floor(body.unread_conversations) : 0;
      const newestAt = typeof body?.newest_unread_at === 'string' ? readApiTime(body.newest_unread_at) : null;
      const newest = newestAt === null ? '' : new Date(newestAt).toISOString();
      if (count === 0 || newestAt === null) return { count: 0, newest };
      if (seen === null) return { count, newest };
      if (newestAt <= seen) return { count: 0, newest };
    }
    const groups = await this.#badgeGet('/api/message_groups', token);
    if (!groups.ok) throw unreachable();
    const list = toConversations(await groups.json().catch(() => undefined));
    if (!list) throw new BackgroundError('api-invalid');
    const times = list.map((c) => readApiTime(c.created_at) ?? 0);
    const newest = times.length ? new Date(Math.max(...times)).toISOString() : '';
    if (seen === null) return { count: 0, newest };
    // This API's list says which conversations are unread; the original's says only when.
    const count = list.filter((c, i) => (times[i] ?? 0) > seen && !c.last_message_from_me && (unread.status === 404 || c.unread_count > 0)).length;
    return { count, newest };
  }

  /** One GET for the badge with the given token; a 401 throws, and nothing is refreshed. */
  async #badgeGet(path: string, token: string): Promise<Response> {
    const base = apiBase(this.#o.apiUrl());
    const response = await this.#send(new URL(path, base), {}, token);
    if (response.status === 401) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    return response;
  }

  /** A GET whose 404 means `gone`; 401, 429 and other failures as for the feed. `pass` lets a status through. */
  // Stryker disable next-line ArrowFunction: a pass that answers undefined lets nothing through, like false
  async #read(path: string, gone: string, pass: (r: Response) => boolean = () => false): Promise<Response> {
    const { response } = await this.request(path);
    if (pass(response)) return response;
    if (response.status === 401) throw unauthorized();
    if (response.status === 429) throw rateLimited(response);
    if (response.status === 404) throw new BackgroundError('not-found', gone);
    if (!response.ok) throw unreachable();
    return response;
  }

  async #list(response: Response): Promise<Activity[]> {
    const list: unknown = await response.json().catch(() => undefined);
    if (!Array.isArray(list)) throw new BackgroundError('api-invalid');
    return toActivities(list);
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
    if (known && !fields[known[0]]) fields[known[0]] = known[1]();
  }
  if (Object.keys(fields).length === 0) fields.message = errorSentence('invalid-crud');
  return new BackgroundError('invalid-crud', undefined, fields);
}
