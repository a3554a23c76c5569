/**
 * Every key the extension stores, in one table: where it lives and whether content scripts may
 * read it. Code reads and writes through typed items (`localItem`, `sessionItem`, `idbItem`, and
 * `localFamily`, `idbFamily`) whose key must be a name of this table in that area, so no key is a
 * free string and no read is an unchecked cast. Stores carry their area too (`AreaKV<'local'>`
 * from `storageAreaKV`, `AreaKV<'indexeddb'>` from the background's `idbKV`): `getItem` on a store
 * of another area does not type-check.
 *
 * The areas:
 * - `local`: `browser.storage.local`. Content scripts can always read it, so nothing secret.
 * - `session`: `browser.storage.session`, memory only. Closed to content scripts while its access
 *   level stays TRUSTED_CONTEXTS (the default; the worker sets it anyway at start).
 * - `sync`: `browser.storage.sync`. Unused today; listed so a key there must state its access.
 * - `indexeddb`: the extension origin's IndexedDB, where tokens live. Content scripts run in the
 *   page's origin and never see it, and it survives a browser restart.
 */
import type { AreaKV, AsyncKV, StorageKey } from './kv.ts';
import type { NewCrud, PopupDraft } from './messages.ts';
import { sessionItem, type ItemMaker, type ItemWithDefault, type StorageItem } from './session-item.ts';
import type { Settings } from './settings.ts';

export type StorageAreaName = 'local' | 'session' | 'sync' | 'indexeddb';

export interface StorageKeySpec {
  area: StorageAreaName;
  /** Whether a content script (page-reachable code) may read it. Never for tokens, feeds, drafts. */
  contentScripts: boolean;
  /** A family of keys: this name is a prefix, followed by an origin, client id or library key. */
  family?: true;
}

/**
 * The one list. A key not named here cannot be read or written through an item. What each
 * key holds is said in a comment, not a value. At run time the bundles do not ship it: items take
 * their area from their maker, and the table is read by type.
 */
export const STORAGE_KEYS = {
  // The user's settings (pool, client, API, web-app origins); nothing secret.
  settings: { area: 'local', contentScripts: true },
  // The email last signed in with, to fill the sign-in form.
  lastEmail: { area: 'local', contentScripts: true },
  // Per origin: the feed panel was closed on this site.
  'panelClosed:': { area: 'local', contentScripts: true, family: true },
  // Per origin: the feed panel is minimised on this site.
  'panelMinimised:': { area: 'local', contentScripts: true, family: true },
  // SHA-256 hashes of web-app refresh tokens adopted or found dead (never a token).
  'webSession:spent': { area: 'local', contentScripts: true },
  // Whether a "Continue as" offer waits: a bare boolean, no name. In `local` because the feed page
  // framed in a web page reads it, and Firefox gives such a frame no storage.session.
  'ui:offer-waiting': { area: 'local', contentScripts: true },
  // Per client id: whether Cognito rotates its refresh tokens.
  'webSession:rotation:': { area: 'local', contentScripts: true, family: true },
  // Where the popup was (view, email, name, handle); no password.
  'ui:draft': { area: 'session', contentScripts: false },
  // The composer's unsent crud.
  'ui:crud-draft': { area: 'session', contentScripts: false },
  // The signed-in user's last home feed, with whose it is. Extension pages read it for their first paint.
  'ui:feed': { area: 'session', contentScripts: false },
  // The auth state the worker last announced (no token). Extension pages read it for their first paint.
  'ui:state': { area: 'session', contentScripts: false },
  // A new-password challenge's Cognito session.
  'pending:challenge': { area: 'session', contentScripts: false },
  // An MFA step's Cognito session.
  'pending:mfa': { area: 'session', contentScripts: false },
  // Email and password between sign-up and its confirmation code (one hour at most).
  'pending:credentials': { area: 'session', contentScripts: false },
  // When the session was last in use (epoch ms), for refresh-ahead after a worker stop.
  'pending:lastUseAt': { area: 'session', contentScripts: false },
  // Proven web-app sessions on offer, with the page's tokens.
  'webSession:offers': { area: 'session', contentScripts: false },
  // Hashes of web-app refresh tokens the user said "Not now" to.
  'webSession:dismissed': { area: 'session', contentScripts: false },
  // Per web-app origin: when its reports last cost a Cognito GetUser (the hard budget).
  'webSession:budget': { area: 'session', contentScripts: false },
  // One-time tickets that prove a feed frame was drawn by our content script.
  'panel:tickets': { area: 'session', contentScripts: false },
  // Whose, and the newest conversation time the user saw in the list (the messages badge counts from it).
  'ui:messages-seen': { area: 'session', contentScripts: false },
  // The signed-in session: ID, access and refresh tokens and the profile.
  session: { area: 'indexeddb', contentScripts: false },
  // amazon-cognito-identity-js's own storage (device keys, its token copies).
  'cognito:': { area: 'indexeddb', contentScripts: false, family: true },
  // A random HMAC key, and the keyed hashes of the accounts signed in here ("used before").
  'accounts:key': { area: 'indexeddb', contentScripts: false },
  'accounts:seen': { area: 'indexeddb', contentScripts: false },
  // Per account (a hash of pool, client and email): this browser's remembered-device key and secret.
  'devices:': { area: 'indexeddb', contentScripts: false, family: true },
  // Per pool and client (a hash): the pool offered this browser no device to remember, so no "Trust this browser".
  'noDeviceTracking:': { area: 'indexeddb', contentScripts: false, family: true },
} as const satisfies Record<string, StorageKeySpec>;

export type StorageKeyName = keyof typeof STORAGE_KEYS;
type FamilyName = { [K in StorageKeyName]: (typeof STORAGE_KEYS)[K] extends { family: true } ? K : never }[StorageKeyName];
type SingleName = Exclude<StorageKeyName, FamilyName>;
/** The single keys of area `A`. */
export type SingleIn<A extends StorageAreaName> = { [K in SingleName]: (typeof STORAGE_KEYS)[K]['area'] extends A ? K : never }[SingleName];
/** The family prefixes of area `A`. */
export type FamilyIn<A extends StorageAreaName> = { [K in FamilyName]: (typeof STORAGE_KEYS)[K]['area'] extends A ? K : never }[FamilyName];
/** The single keys of `storage.session` (shared/session-item.ts builds their items). */
export type SessionName = SingleIn<'session'>;

/** The access level `storage.session` must have: content scripts may read none of its keys. */
export const SESSION_ACCESS_LEVEL = 'TRUSTED_CONTEXTS';

export type { ItemWithDefault, StorageItem } from './session-item.ts';
export { sessionItem };

function itemMaker<A extends StorageAreaName>(area: A): ItemMaker<A> {
  return <T>(name: string, fallback?: T): ItemWithDefault<T, A> => ({ key: name as StorageKey, area, default: fallback as T });
}

/** The items of a `storage.local` key, with its value type stated once per key (`localItem<T>('settings')`). */
export const localItem = itemMaker('local');
/** The items of an IndexedDB key (the background's own store: tokens, device secrets). */
export const idbItem = itemMaker('indexeddb');

/** A family of keys sharing a prefix of the table (per origin, per client id, library keys). */
export interface StorageFamily<T, A extends StorageAreaName> {
  readonly prefix: string;
  readonly area: A;
  item(suffix: string): StorageItem<T, A>;
}

function familyMaker<A extends StorageAreaName>(area: A) {
  return <T>(prefix: FamilyIn<A>): StorageFamily<T, A> => ({ prefix, area, item: (suffix) => ({ key: (prefix + suffix) as StorageKey, area }) });
}

export const localFamily = familyMaker('local');
export const idbFamily = familyMaker('indexeddb');

/** A union of areas: true. A store of "local or session" may be either, so it fits no item. */
type IsUnion<A, All = A> = A extends unknown ? ([All] extends [A] ? false : true) : never;
/** The store's area, which alone decides the items that fit (`NoInfer`: never widened by the item). */
type AreaOf<A> = NoInfer<IsUnion<A> extends false ? A : never>;

/** The stored value, else the item's default. */
export function getItem<T, A extends StorageAreaName>(kv: AreaKV<A>, item: ItemWithDefault<T, AreaOf<A>>): Promise<T>;
export function getItem<T, A extends StorageAreaName>(kv: AreaKV<A>, item: StorageItem<T, AreaOf<A>>): Promise<T | undefined>;
export async function getItem<T>(kv: AsyncKV, item: StorageItem<T>): Promise<T | undefined> {
  const value = await kv.get<T>(item.key);
  return value === undefined ? item.default : value;
}

export function setItem<T, A extends StorageAreaName>(kv: AreaKV<A>, item: StorageItem<T, AreaOf<A>>, value: T): Promise<void> {
  return kv.set(item.key, value);
}

export function removeItem<A extends StorageAreaName>(kv: AreaKV<A>, item: StorageItem<unknown, AreaOf<A>>): Promise<void> {
  return kv.remove(item.key);
}

// --- Items whose types live in src/shared (the others are declared beside their types) ---------

export const SETTINGS = localItem<Partial<Settings>>('settings');
export const LAST_EMAIL = localItem<string>('lastEmail');
export const PANEL_CLOSED = localFamily<true>('panelClosed:');
export const PANEL_MINIMISED = localFamily<true>('panelMinimised:');
export const POPUP_DRAFT = sessionItem<PopupDraft>('ui:draft');
export const CRUD_DRAFT = sessionItem<NewCrud | null>('ui:crud-draft');
export const LAST_USE_AT = sessionItem<number>('pending:lastUseAt');

/** The part of `storage.session` the worker configures: its access level. */
export interface SessionAreaAccess {
  setAccessLevel?(access: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
}

/**
 * Keeps `storage.session` closed to content scripts. TRUSTED_CONTEXTS is the default in both
 * browsers; setting it states the rule in code, so a later change to it is a visible one.
 */
export async function closeSessionToContentScripts(area: SessionAreaAccess): Promise<void> {
  await area.setAccessLevel?.({ accessLevel: SESSION_ACCESS_LEVEL });
}
