/** One handler per message type; each is a line or two over the session owner. */
import { normaliseEmail } from '../auth/email.ts';
import { AuthError } from '../auth/errors.ts';
import { errorSentence } from '../shared/error-codes.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { t } from '../shared/i18n.ts';
import { memoryKV, type AsyncKV } from '../shared/kv.ts';
import { CRUD_TTLS, type ManagedLoginOutcome, type NewCrud } from '../shared/messages.ts';
import { normaliseSettings, validateSettings, type Settings } from '../shared/settings.ts';
import { CRUD_DRAFT, getItem, LAST_EMAIL, POPUP_DRAFT, removeItem, setItem } from '../shared/storage-keys.ts';
import { checkApi, checkCognito } from './connection-check.ts';
import { FeedCache } from './feed-cache.ts';
import { homeFeedLoads } from './feed-loads.ts';
import { FrameTickets } from './frame-tickets.ts';
import type { Context, Handlers } from './router.ts';
import type { ManagedLogin } from './managed-login.ts';
import type { SessionOwner } from './session-owner.ts';
import { WebSessionOffers, type HeldOffer } from './web-session-offers.ts';
import { BackgroundError } from './wire-error.ts';
import type { Conversation } from '../shared/direct-message.ts';

export interface HandlerDeps {
  owner: SessionOwner;
  /** The state `auth/state` answers. Default: the owner's. */
  state?: () => Promise<AuthState>;
  defaults: Settings;
  /** Persists settings; also (re)registers content scripts for the web-app origins. */
  saveSettings(settings: Settings): Promise<void>;
  /** The whole of storage.local (keys are listed in src/shared/storage-keys.ts): the remembered email. */
  prefs: AsyncKV;
  /** The whole of storage.session: where the popup was, the composer draft. */
  ui: AsyncKV;
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

/** The composer draft as stored: only a string message and a known ttl get through. */
function crudDraft(value: unknown): NewCrud | null {
  const v = value as Partial<NewCrud> | null | undefined;
  if (typeof v?.message !== 'string' || !(CRUD_TTLS as readonly unknown[]).includes(v.ttl)) return null;
  return { message: v.message.slice(0, 10_000), ttl: v.ttl as NewCrud['ttl'] };
}

/** Trusted browsers Cognito knows no name for get one in the user's language (the core has no words). */
const named = <D extends { name: string }>(devices: D[]): D[] => devices.map((device) => (device.name ? device : { ...device, name: t('bg_unnamedBrowser') }));

function checked(s: Settings): Settings {
  const settings = normaliseSettings(s);
  const fields = validateSettings(settings);
  if (Object.keys(fields).length > 0) throw new BackgroundError('invalid-settings', undefined, fields as Record<string, string>);
  return settings;
}

function isWebApp(d: HandlerDeps, context: Context): boolean {
  return context.kind === 'content' && context.origin !== null && d.owner.settings.webAppOrigins.includes(context.origin);
}

export function createHandlers(d: HandlerDeps): Handlers {
  const feeds = d.feeds ?? new FeedCache({ store: d.ui });
  const loads = homeFeedLoads(() => d.owner, feeds);
  const tickets = d.tickets ?? new FrameTickets({ store: d.ui });
  // The email is kept for the next sign-in only where the user ticked "Remember my email".
  const remember = async <T>(email: string, keep: boolean | undefined, result: T) => {
    await (keep ? setItem(d.prefs, LAST_EMAIL, normaliseEmail(email)) : removeItem(d.prefs, LAST_EMAIL));
    return result;
  };
  return {
    'auth/state': async () => (d.state ? d.state() : d.owner.state),
    'auth/sign-in': async ({ email, password, remember: keep }) => remember(email, keep, await d.owner.signIn(email, password)),
    'auth/complete-new-password': async ({ password }) => d.owner.completeNewPassword(password),
    'auth/mfa-pending': async () => d.owner.pendingMfa(),
    'auth/mfa-answer': async ({ answer, trust }) => d.owner.answerMfa(answer, trust === true),
    'auth/mfa-setup-start': async () => d.owner.startMfaSetup(),
    'mfa/totp-state': async () => d.owner.totpState(),
    'mfa/totp-setup-start': async () => d.owner.startTotpSetup(),
    'mfa/totp-enable': async ({ code }) => d.owner.enableTotp(code),
    'mfa/totp-disable': async () => d.owner.disableTotp(),
    'auth/sign-up': async (input) => d.owner.signUp(input),
    'auth/confirm-sign-up': async ({ email, code }) => d.owner.confirmSignUp(email, code),
    'auth/resend-code': async ({ email }) => d.owner.resendCode(email),
    'auth/forgot-password': async ({ email }) => d.owner.forgotPassword(email),
    'auth/confirm-forgot-password': async ({ email, code, password }) => d.owner.confirmForgotPassword(email, code, password),
    'auth/sign-out': async ({ global }) => {
      await d.owner.signOut({ global });
      return d.owner.state;
    },
    // Coalesced, and served to frames from the last answer (feed-loads.ts): pages cost the API nothing.
    'feed/home': async (_, context) => loads.load(context.kind),
    // Needs no session (see the contract): the worker answers it before loading one.
    'feed/cached': async () => feeds.peek(),
    'crud/post': async (crud) => {
      const draft = crudDraft(crud);
      if (!draft) throw new BackgroundError('invalid-crud', t('bg_ttlBlank'), { ttl: t('bg_ttlInvalid') });
      return d.owner.postActivity(draft);
    },
    'crud/draft': async (draft) => {
      // Only a signed-in user's own keystrokes: one sent just before a sign-out lands after it.
      if (draft && d.owner.state.status === 'signed-in') await setItem(d.ui, CRUD_DRAFT, crudDraft(draft));
      return crudDraft(await getItem(d.ui, CRUD_DRAFT));
    },
    'settings/get': async () => ({ settings: d.owner.settings, defaults: d.defaults }),
    'settings/save': async (input) => {
      const settings = checked(input);
      const { signedOut } = await d.owner.reconfigure(settings);
      await d.saveSettings(settings);
      return { settings, signedOut };
    },
    'settings/test': async (input) => {
      const settings = normaliseSettings(input);
      const [cognito, api] = await Promise.all([checkCognito(settings, d.fetch), checkApi(settings, d.fetch)]);
      return { cognito, api };
    },
    'popup/draft': async (draft) => {
      if (draft) await setItem(d.ui, POPUP_DRAFT, draft);
      return (await getItem(d.ui, POPUP_DRAFT)) ?? null;
    },
    'popup/last-email': async () => (await getItem(d.prefs, LAST_EMAIL)) ?? '',
    'panel/show-in-active-tab': async () => d.panel.showInActiveTab(),
    'panel/open-sign-in': async () => d.panel.openSignIn(),
    'panel/config': async (_, context) => {
      const webApp = isWebApp(d, context);
      return { webApp, clientId: webApp ? d.owner.settings.clientId || null : null };
    },
    'panel/frame-ticket': async () => tickets.issue(),
    'panel/frame-claim': async ({ ticket }) => tickets.claim(ticket),
    'auth/sign-in-code': async ({ email, remember: keep }) => remember(email, keep, await d.owner.signInWithCode(email)),
    'devices/list': async () => named(await d.owner.trustedDevices()),
    'devices/forget': async ({ deviceKey }) => named(await d.owner.forgetDevice(deviceKey)),
    ...webSessionHandlers(d, d.offers ?? new WebSessionOffers({ identify: (t) => d.owner.identify(t), memory: memoryKV(), known: memoryKV() })),
    'auth/managed-login': async ({ provider }) => managedLoginHandler(d, provider),
    ...cruddurHandlers(d),
    ...messageHandlers(d),
    'auth/add-passkey': async () => {
      if (!d.managedLogin) throw new BackgroundError('managed-login-not-set-up');
      return d.managedLogin.addPasskey(d.owner.settings);
    },
  };
}

/**
 * Threads, replies, profiles and search: each one call of the API client (which checks its input).
 * Nothing here imports what only lazy page chunks share (src/shared/crud-text.ts): the build's
 * classic worker keeps a chunk only if a page loads it statically (scripts/lib/classic-worker-plugin.ts).
 */
function cruddurHandlers(d: HandlerDeps): Pick<Handlers, 'crud/thread' | 'crud/reply' | 'crud/profile' | 'crud/search'> {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    'crud/thread': async ({ uuid }) => d.owner.api.thread(text(uuid)),
    'crud/reply': async ({ uuid, message }) => d.owner.api.reply(text(uuid), text(message).slice(0, 10_000)),
    'crud/profile': async ({ handle }) => d.owner.api.userActivities(text(handle).slice(0, 200)),
    'crud/search': async ({ term }) => d.owner.api.search(text(term).slice(0, 1_000)),
  };
}

/**
 * "Continue with <provider>" / "Use the sign-in page". The popup usually closes when the auth
 * window opens, so a failure is also left as the sign-in view's notice for its next opening.
 */
async function managedLoginHandler(d: HandlerDeps, provider: unknown): Promise<ManagedLoginOutcome> {
  if (!d.managedLogin) throw new BackgroundError('managed-login-not-set-up');
  const offered = d.owner.settings.identityProviders ?? [];
  // Only a configured provider: a page's message cannot send the user to a provider of its choosing.
  if (provider !== undefined && (typeof provider !== 'string' || !offered.includes(provider))) throw new BackgroundError('invalid-parameter');
  try {
    return await d.managedLogin.signIn(d.owner, provider === undefined ? {} : { provider });
  } catch (e) {
    const draft = (await getItem(d.ui, POPUP_DRAFT).catch(() => undefined)) ?? { view: 'sign-in' };
    await setItem(d.ui, POPUP_DRAFT, { ...draft, view: 'sign-in', notice: e instanceof BackgroundError ? e.message : errorSentence(e instanceof AuthError ? e.code : 'unknown') }).catch(() => undefined);
    throw e;
  }
}

/**
 * "Continue as": content scripts on a web-app origin report; only extension pages see the
 * offer and adopt it (the audiences in the contract; the router enforces them).
 */
function webSessionHandlers(d: HandlerDeps, offers: WebSessionOffers): Pick<Handlers, 'web-session/report' | 'web-session/offer' | 'web-session/adopt' | 'web-session/dismiss'> {
  const signedIn = () => d.owner.state.status === 'signed-in';
  const ours = (offer: HeldOffer | null) => (offer && offer.clientId === d.owner.settings.clientId ? offer : null);
  return {
    // The router admits only content scripts on a configured web-app origin (audience `web-app`).
    'web-session/report': async (report, context) => {
      if (!context.origin) throw new BackgroundError('forbidden'); // never: a content script always has one
      if (report && (report.clientId !== d.owner.settings.clientId || !report.accessToken || !report.refreshToken)) return { offered: false };
      // Signed in: nothing to offer, and no Cognito call. A report of "nothing" still clears.
      if (report && signedIn()) return { offered: false };
      return offers.report(context.origin, report);
    },
    'web-session/offer': async () => {
      const offer = signedIn() ? null : ours(await offers.current());
      return offer ? offers.view(offer) : null;
    },
    'web-session/adopt': async ({ offerId }) => {
      const state = d.owner.state;
      if (state.status === 'signed-in') return { kind: 'signed-in', state };
      const offer = ours(await offers.find(offerId));
      if (!offer) throw new BackgroundError('web-session-gone');
      try {
        const outcome = await d.owner.adopt(offer.refreshToken, {
          sub: offer.user.sub,
          onRefreshed: (rotated) => void offers.learnRotation(offer.clientId, rotated).catch(() => undefined),
        });
        await offers.retire(offer);
        return outcome;
      } catch (e) {
        // A passing failure keeps the offer for another try; anything else ends it, with a sentence.
        if (e instanceof AuthError && e.transient) throw e;
        await offers.retire(offer);
        if (e instanceof AuthError && e.code === 'session-expired') throw new BackgroundError('web-session-gone');
        throw e;
      }
    },
    'web-session/dismiss': async ({ offerId }) => {
      const offer = await offers.find(offerId);
      if (offer) await offers.dismiss(offer);
    },
  };
}

/** Direct messages: each one call of the API client (which checks its input); the list marks them seen. */
function messageHandlers(d: HandlerDeps): Pick<Handlers, 'dm/conversations' | 'dm/conversation' | 'dm/send'> {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    'dm/conversations': async () => {
      const list = await d.owner.api.conversations();
      await d.messagesSeen?.(list).catch(() => {});
      return list;
    },
    'dm/conversation': async ({ handle }) => d.owner.api.conversation(text(handle).slice(0, 200)),
    'dm/send': async ({ handle, message }) => d.owner.api.sendMessage(text(handle).slice(0, 200), text(message).slice(0, 10_000)),
  };
}
