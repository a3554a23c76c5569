/**
 * Every message the worker answers, in one table: who may send it (`audience`, which the router
 * checks before anything runs) beside what answers it (`handle`, a line or two over the session
 * owner, its auth service or the API client). The request and answer types are the contract's
 * (src/shared/messages.ts), which pages share; the audiences are the worker's alone.
 */
import type { AuthService } from '../auth/auth-service.ts';
import { normaliseEmail } from '../auth/email.ts';
import { AuthError } from '../auth/errors.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { t } from '../shared/i18n.ts';
import { memoryKV, type AreaKV } from '../shared/kv.ts';
import { CRUD_TTLS, PORT_PAGE, PORT_PANEL, type ManagedLoginOutcome, type NewCrud } from '../shared/messages.ts';
import { normaliseSettings, validateSettings, type Settings } from '../shared/settings.ts';
import { CRUD_DRAFT, getItem, LAST_EMAIL, POPUP_DRAFT, removeItem, setItem } from '../shared/storage-keys.ts';
import { toCodeSent, toConfirmOutcome, toMfaPrompt, toSignInOutcome, toTotpSetup, toTotpState, toTrustedBrowsers } from './auth-wire.ts';
import { checkApi, checkCognito } from './connection-check.ts';
import { FeedCache } from './feed-cache.ts';
import { homeFeedLoads, type FeedLoads } from './feed-loads.ts';
import { FrameTickets } from './frame-tickets.ts';
import type { Audience, Context, HandlerTable } from './router.ts';
import type { ManagedLogin } from './managed-login.ts';
import type { SessionOwner } from './session-owner.ts';
import { WebSessionOffers, type HeldOffer } from './web-session-offers.ts';
import { BackgroundError } from './wire-error.ts';
import type { Conversation } from '../shared/direct-message.ts';

export interface HandlerDeps {
  owner: SessionOwner;
  defaults: Settings;
  /** Persists settings; also (re)registers content scripts for the web-app origins. */
  saveSettings(settings: Settings): Promise<void>;
  /** The whole of storage.local (keys are listed in src/shared/storage-keys.ts): the remembered email. */
  prefs: AreaKV<'local'>;
  /** The whole of storage.session: where the popup was, the composer draft. */
  ui: AreaKV<'session'>;
  panel: { showInActiveTab(): Promise<{ shown: boolean }>; openSignIn(): Promise<void> };
  fetch?: typeof fetch;
  /** The last feed per user. Default: one kept in `ui`. */
  feeds?: FeedCache;
  /** "Continue as" offers. Default: kept in memory, proved with the current auth service. */
  offers?: WebSessionOffers;
  /** Feed frames' tickets. Default: kept in `ui`. */
  tickets?: FrameTickets;
  /** The user looked at their conversations (the messages badge counts from them). Default: nothing. */
  messagesSeen?: (conversations: Conversation[]) => Promise<void>;
  /** Managed login (the hosted pages). Default: none, and `auth/managed-login` says it is not set up. */
  managedLogin?: ManagedLogin;
}

/** What every handler works with: the deps, each default made. */
export interface Services extends Omit<HandlerDeps, 'feeds' | 'offers' | 'tickets'> {
  feeds: FeedCache;
  /** Home-feed loads, coalesced (feed-loads.ts). */
  loads: FeedLoads;
  offers: WebSessionOffers;
  tickets: FrameTickets;
}

/** A handler's second argument: the services, and who is asking (the router fills it in). */
export type HandlerContext = Services & { sender: Context };

/** Makes the defaults. `owner` is read at each message (the worker's is set once its session loads). */
export function createServices(d: HandlerDeps): Services {
  const feeds = d.feeds ?? new FeedCache({ store: d.ui });
  return {
    ...d,
    // After the spread: read at each message, not copied now.
    get owner() {
      return d.owner;
    },
    feeds,
    loads: homeFeedLoads(() => d.owner, feeds),
    offers: d.offers ?? new WebSessionOffers({ identify: (t) => d.owner.auth.identify(t), memory: memoryKV(), known: memoryKV() }),
    tickets: d.tickets ?? new FrameTickets({ store: d.ui }),
  };
}

/** The composer draft as stored: only a string message and a known ttl get through. */
function crudDraft(value: unknown): NewCrud | null {
  const v = value as Partial<NewCrud> | null | undefined;
  if (typeof v?.message !== 'string' || !(CRUD_TTLS as readonly unknown[]).includes(v.ttl)) return null;
  return { message: v.message.slice(0, 10_000), ttl: v.ttl as NewCrud['ttl'] };
}


function checked(s: Settings): Settings {
  const settings = normaliseSettings(s);
  const fields = validateSettings(settings);
  if (Object.keys(fields).length > 0) throw new BackgroundError('invalid-settings', undefined, fields as Record<string, string>);
  return settings;
}

function isWebApp(c: HandlerContext): boolean {
  return c.sender.kind === 'content' && c.sender.origin !== null && c.owner.settings.webAppOrigins.includes(c.sender.origin);
}

/** The auth service of the current settings (session-owner.ts: read at each call, never kept). */
const auth = (c: HandlerContext): AuthService => c.owner.auth;

// The email is kept for the next sign-in only where the user ticked "Remember my email".
async function remember<T>(c: HandlerContext, email: string, keep: boolean | undefined, result: T): Promise<T> {
  await (keep ? setItem(c.prefs, LAST_EMAIL, normaliseEmail(email)) : removeItem(c.prefs, LAST_EMAIL));
  return result;
}

/** Page input that should be text: anything else is the empty string. */
const text = (v: unknown) => (typeof v === 'string' ? v : '');

// Who may send what: the audiences (router.ts says who each is).
const PAGES = ['page'] as const;
/** Read-only, so anywhere our code runs: the state, the feed, "open sign-in" (in the popup). */
const READERS = ['page', 'frame', 'content'] as const;

/**
 * The table. Each entry: `audience`, then `handle(payload, ctx)`; `ctx` holds the services and
 * `sender` (its kind, and a content script's page origin). Handlers never decide who may ask:
 * the router has, before they run; a few shape their answer by who asks (`feed/home`, `panel/config`).
 */
export const HANDLERS: HandlerTable<Services> = {
  'auth/sign-in': {
    audience: PAGES,
    handle: async ({ email, password, remember: keep }, c) => remember(c, email, keep, toSignInOutcome(await auth(c).signIn(email, password))),
  },
  'auth/complete-new-password': { audience: PAGES, handle: async ({ password }, c) => toSignInOutcome(await auth(c).completeNewPassword(password)) },
  'auth/mfa-pending': {
    audience: PAGES,
    handle: async (_, c) => {
      const step = await auth(c).pendingMfa();
      return step ? toMfaPrompt(step) : null;
    },
  },
  'auth/mfa-answer': { audience: PAGES, handle: async ({ answer, trust }, c) => toSignInOutcome(await auth(c).answerMfa(answer, trust === true)) },
  'auth/mfa-setup-start': { audience: PAGES, handle: async (_, c) => toTotpSetup(await auth(c).startMfaSetup()) },
  'mfa/totp-state': { audience: PAGES, handle: async (_, c) => toTotpState(await auth(c).totpState()) },
  'mfa/totp-setup-start': { audience: PAGES, handle: async (_, c) => toTotpSetup(await auth(c).startTotpSetup()) },
  'mfa/totp-enable': { audience: PAGES, handle: async ({ code }, c) => toTotpState(await auth(c).enableTotp(code)) },
  'mfa/totp-disable': { audience: PAGES, handle: async (_, c) => toTotpState(await auth(c).disableTotp()) },
  'auth/sign-up': { audience: PAGES, handle: async (input, c) => toCodeSent(await auth(c).signUp(input)) },
  'auth/confirm-sign-up': { audience: PAGES, handle: async ({ email, code }, c) => toConfirmOutcome(await auth(c).confirmSignUp(email, code)) },
  'auth/resend-code': { audience: PAGES, handle: async ({ email }, c) => toCodeSent(await auth(c).resendCode(email)) },
  'auth/forgot-password': { audience: PAGES, handle: async ({ email }, c) => toCodeSent(await auth(c).forgotPassword(email)) },
  'auth/confirm-forgot-password': {
    audience: PAGES,
    handle: async ({ email, code, password }, c) => toSignInOutcome(await auth(c).confirmForgotPassword(email, code, password)),
  },
  'auth/sign-out': {
    audience: PAGES,
    handle: async ({ global }, c) => {
      await auth(c).signOut({ global });
      return c.owner.state;
    },
  },
  'auth/sign-in-code': {
    audience: PAGES,
    handle: async ({ email, remember: keep }, c) => remember(c, email, keep, toSignInOutcome(await auth(c).signInWithCode(email))),
  },
  'auth/managed-login': { audience: PAGES, handle: async ({ provider }, c) => managedLogin(c, provider) },
  'auth/add-passkey': {
    audience: PAGES,
    handle: async (_, c) => {
      if (!c.managedLogin) throw new BackgroundError('managed-login-not-set-up');
      return c.managedLogin.addPasskey(c.owner.settings);
    },
  },
  'devices/list': { audience: PAGES, handle: async (_, c) => toTrustedBrowsers(await auth(c).trustedDevices()) },
  'devices/forget': { audience: PAGES, handle: async ({ deviceKey }, c) => toTrustedBrowsers(await auth(c).forgetDevice(deviceKey)) },

  // Coalesced, and served to frames from the last answer (feed-loads.ts): pages cost the API nothing.
  'feed/home': { audience: READERS, handle: async (_, c) => c.loads.load(c.sender.kind) },
  // Needs no session (see the contract): the worker answers it before loading one.
  'feed/cached': { audience: PAGES, handle: async (_, c) => c.feeds.peek() },
  'crud/post': {
    audience: PAGES,
    handle: async (crud, c) => {
      const draft = crudDraft(crud);
      if (!draft) throw new BackgroundError('invalid-crud', t('bg_ttlBlank'), { ttl: t('bg_ttlInvalid') });
      return c.owner.postActivity(draft);
    },
  },
  'crud/draft': {
    audience: PAGES,
    handle: async (draft, c) => {
      // Only a signed-in user's own keystrokes: one sent just before a sign-out lands after it.
      if (draft && c.owner.state.status === 'signed-in') await setItem(c.ui, CRUD_DRAFT, crudDraft(draft));
      return crudDraft(await getItem(c.ui, CRUD_DRAFT));
    },
  },
  // Threads, profiles and search: extension pages only (the in-page frame stays the home feed).
  // Each is one call of the API client (which checks its input). Nothing here imports what only
  // lazy page chunks share (src/shared/crud-text.ts): the build's classic worker keeps a chunk
  // only if a page loads it statically (scripts/lib/classic-worker-plugin.ts).
  'crud/thread': { audience: PAGES, handle: async ({ uuid }, c) => c.owner.api.thread(text(uuid)) },
  'crud/reply': { audience: PAGES, handle: async ({ uuid, message }, c) => c.owner.api.reply(text(uuid), text(message).slice(0, 10_000)) },
  'crud/profile': { audience: PAGES, handle: async ({ handle }, c) => c.owner.api.userActivities(text(handle).slice(0, 200)) },
  'crud/search': { audience: PAGES, handle: async ({ term }, c) => c.owner.api.search(text(term).slice(0, 1_000)) },
  // Direct messages: extension pages only; looking at the list marks them seen (the messages badge).
  'dm/conversations': {
    audience: PAGES,
    handle: async (_, c) => {
      const list = await c.owner.api.conversations();
      await c.messagesSeen?.(list).catch(() => {});
      return list;
    },
  },
  'dm/conversation': { audience: PAGES, handle: async ({ handle }, c) => c.owner.api.conversation(text(handle).slice(0, 200)) },
  'dm/send': { audience: PAGES, handle: async ({ handle, message }, c) => c.owner.api.sendMessage(text(handle).slice(0, 200), text(message).slice(0, 10_000)) },

  'settings/get': { audience: PAGES, handle: async (_, c) => ({ settings: c.owner.settings, defaults: c.defaults }) },
  'settings/save': {
    audience: PAGES,
    handle: async (input, c) => {
      const settings = checked(input);
      const { signedOut } = await c.owner.reconfigure(settings);
      await c.saveSettings(settings);
      return { settings, signedOut };
    },
  },
  'settings/test': {
    audience: PAGES,
    handle: async (input, c) => {
      const settings = normaliseSettings(input);
      const [cognito, api] = await Promise.all([checkCognito(settings, c.fetch), checkApi(settings, c.fetch)]);
      return { cognito, api };
    },
  },
  'popup/draft': {
    audience: PAGES,
    handle: async (draft, c) => {
      if (draft) await setItem(c.ui, POPUP_DRAFT, draft);
      return (await getItem(c.ui, POPUP_DRAFT)) ?? null;
    },
  },
  'popup/last-email': { audience: PAGES, handle: async (_, c) => (await getItem(c.prefs, LAST_EMAIL)) ?? '' },

  'panel/show-in-active-tab': { audience: PAGES, handle: async (_, c) => c.panel.showInActiveTab() },
  'panel/open-sign-in': { audience: READERS, handle: async (_, c) => c.panel.openSignIn() },
  // The frame needs no config (its content script passes what it must); any site's panel asks.
  'panel/config': {
    audience: ['page', 'content'],
    handle: async (_, c) => {
      const webApp = isWebApp(c);
      return { webApp, clientId: webApp ? c.owner.settings.clientId || null : null };
    },
  },
  'panel/frame-ticket': { audience: ['content'], handle: async (_, c) => c.tickets.issue() },
  'panel/frame-claim': { audience: ['frame'], handle: async ({ ticket }, c) => c.tickets.claim(ticket) },

  // "Continue as": content scripts on a web-app origin report; only extension pages see the
  // offer and adopt it.
  'web-session/report': {
    audience: ['web-app'],
    handle: async (report, c) => {
      if (!c.sender.origin) throw new BackgroundError('forbidden'); // never: a content script always has one
      if (report && (report.clientId !== c.owner.settings.clientId || !report.accessToken || !report.refreshToken)) return { offered: false };
      // Signed in: nothing to offer, and no Cognito call. A report of "nothing" still clears.
      if (report && signedIn(c)) return { offered: false };
      return c.offers.report(c.sender.origin, report);
    },
  },
  'web-session/offer': {
    audience: PAGES,
    handle: async (_, c) => {
      const offer = signedIn(c) ? null : ours(c, await c.offers.current());
      return offer ? c.offers.view(offer) : null;
    },
  },
  'web-session/adopt': { audience: PAGES, handle: async ({ offerId }, c) => adopt(c, offerId) },
  'web-session/dismiss': {
    audience: PAGES,
    handle: async ({ offerId }, c) => {
      const offer = await c.offers.find(offerId);
      if (offer) await c.offers.dismiss(offer);
    },
  },
};

/** Who may open each long-lived port (port-hub.ts); any other name is refused. */
export const PORTS: Readonly<Record<string, { audience: readonly Audience[] }>> = {
  [PORT_PAGE]: { audience: PAGES },
  [PORT_PANEL]: { audience: READERS },
};

/**
 * "Continue with <provider>" / "Use the sign-in page". The popup usually closes when the auth
 * window opens, so a failure is also left as the sign-in view's notice for its next opening.
 */
async function managedLogin(c: HandlerContext, provider: unknown): Promise<ManagedLoginOutcome> {
  if (!c.managedLogin) throw new BackgroundError('managed-login-not-set-up');
  const offered = c.owner.settings.identityProviders ?? [];
  // Only a configured provider: a page's message cannot send the user to a provider of its choosing.
  if (provider !== undefined && (typeof provider !== 'string' || !offered.includes(provider))) throw new BackgroundError('invalid-parameter');
  try {
    return await c.managedLogin.signIn(c.owner, provider === undefined ? {} : { provider });
  } catch (e) {
    const draft = (await getItem(c.ui, POPUP_DRAFT).catch(() => undefined)) ?? { view: 'sign-in' };
    await setItem(c.ui, POPUP_DRAFT, { ...draft, view: 'sign-in', notice: e instanceof BackgroundError ? e.message : errorSentence(e instanceof AuthError ? e.code : 'unknown') }).catch(() => undefined);
    throw e;
  }
}

const signedIn = (c: HandlerContext) => c.owner.state.status === 'signed-in';
/** An offer for the client configured now (one held from before a change of client is not). */
const ours = (c: HandlerContext, offer: HeldOffer | null) => (offer && offer.clientId === c.owner.settings.clientId ? offer : null);

/** Adopts exactly the identity of the offer the user confirmed; a dead one ends with a sentence. */
async function adopt(c: HandlerContext, offerId: string) {
  const state = c.owner.state;
  if (state.status === 'signed-in') return { kind: 'signed-in' as const, state };
  const offer = ours(c, await c.offers.find(offerId));
  if (!offer) throw new BackgroundError('web-session-gone');
  try {
    const step = await auth(c).adopt(offer.refreshToken, {
      sub: offer.user.sub,
      onRefreshed: (rotated) => void c.offers.learnRotation(offer.clientId, rotated).catch(() => undefined),
    });
    await c.offers.retire(offer);
    return toSignInOutcome(step);
  } catch (e) {
    // A passing failure keeps the offer for another try; anything else ends it, with a sentence.
    if (e instanceof AuthError && e.transient) throw e;
    await c.offers.retire(offer);
    if (e instanceof AuthError && e.code === 'session-expired') throw new BackgroundError('web-session-gone');
    throw e;
  }
}
