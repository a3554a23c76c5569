/**
 * The worker's message handling as index.ts wires it, for the background's unit tests: a real
 * session owner over the in-memory Cognito (src/auth/testing.ts), the handler table's services
 * over in-memory stores, and the router. Not imported by production code.
 */
import { AuthError } from '../auth/errors.ts';
import { noAlarms } from '../auth/ports.ts';
import { FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import type { CognitoAuth } from '../auth/cognito-adapter.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV, type AreaKV } from '../shared/kv.ts';
import type { MessageType, RequestOf, ResponseOf } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { createServices, HANDLERS, type HandlerDeps, type Services } from './handlers.ts';
import type { ManagedLogin } from './managed-login.ts';
import { createRouter, type Context } from './router.ts';
import { createSessionOwner, type SessionOwner } from './session-owner.ts';

/** Our extension, as the router sees it. */
export const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
/** An extension page asking (the popup, options, the side panel). */
export const PAGE: Context = { kind: 'page', origin: null };
/** A content script on `url`, as the browser describes it. */
export const contentScript = (url: string) => ({ id: EXT.id, url, tab: { id: 1 } });

/** The services with do-nothing defaults for what a test does not look at. */
export function testServices(d: Partial<HandlerDeps> & Pick<HandlerDeps, 'owner'>): Services {
  return createServices({
    defaults: TEST_SETTINGS,
    saveSettings: async () => {},
    prefs: memoryKV<'local'>(),
    ui: memoryKV<'session'>(),
    panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
    ...d,
  });
}

/** Runs one handler as if the router had admitted `sender` (who may ask is the router's test). */
export function callWith(services: Services) {
  return <K extends MessageType>(type: K, payload: RequestOf<K>, sender: Context = PAGE): Promise<ResponseOf<K>> =>
    HANDLERS[type].handle(payload, { ...services, sender });
}

export interface RigOptions<T extends CognitoAuth> extends Partial<Omit<HandlerDeps, 'owner' | 'defaults'>> {
  /** Default: TEST_SETTINGS. */
  settings?: Settings;
  /** Default: an empty FakeCognitoAuth. */
  cognito?: T;
  /** The session's durable store and its memory-only pending store. Default: fresh ones in memory, as prefs and ui. */
  durable?: AreaKV<'indexeddb'>;
  pending?: AreaKV<'session'>;
  /** Wires the owner to managed login's endpoints too, as the worker does. */
  managedLogin?: ManagedLogin;
  onState?: (state: AuthState) => void;
}

/**
 * A worker in memory: `call` runs a handler directly, `route` answers a message as the worker's
 * listener does (audience checked; web-app origins from the settings).
 */
export async function backgroundRig<T extends CognitoAuth = FakeCognitoAuth>(o: RigOptions<T> = {}) {
  const { settings = TEST_SETTINGS, onState, durable: _d, pending: _p, cognito: _c, ...rest } = o;
  const cognito = o.cognito ?? (new FakeCognitoAuth() as CognitoAuth as T);
  const durable = o.durable ?? memoryKV<'indexeddb'>();
  const pending = o.pending ?? memoryKV<'session'>();
  const prefs = o.prefs ?? memoryKV<'local'>();
  const ui = o.ui ?? memoryKV<'session'>();
  const owner: SessionOwner = await createSessionOwner({
    settings,
    durable,
    pending,
    alarms: noAlarms,
    cognito: async () => cognito,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.managedLogin ? { managedLogin: o.managedLogin.endpoints } : {}),
    ...(onState ? { onState } : {}),
  });
  const services = testServices({ ...rest, owner, defaults: settings, prefs, ui });
  const route = createRouter({ table: HANDLERS, services, ext: EXT, ready: Promise.resolve(), webApps: () => owner.settings.webAppOrigins });
  return { owner, cognito, durable, pending, prefs, ui, services, call: callWith(services), route };
}

/**
 * The token side of an ApiClient: access token `token-1`; a forced refresh gives `token-2`, or,
 * `refused`, ends the session as Cognito would.
 */
export function refreshingTokens(state: AuthState, o: { refused?: boolean } = {}) {
  return {
    state,
    getAccessToken: async () => 'token-1',
    forceRefresh: async () => {
      if (o.refused) throw new AuthError('session-expired');
      return 'token-2';
    },
  };
}
