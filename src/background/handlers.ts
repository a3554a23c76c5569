/** One handler per message type; each is a line or two over the session owner. */
import { normaliseEmail } from '../auth/email.ts';
import type { AsyncKV } from '../shared/kv.ts';
import { CRUD_TTLS, type NewCrud, type PopupDraft } from '../shared/messages.ts';
import { normaliseSettings, validateSettings, type Settings } from '../shared/settings.ts';
import { checkApi, checkCognito } from './connection-check.ts';
import { FeedCache } from './feed-cache.ts';
import type { Context, Handlers } from './router.ts';
import type { SessionOwner } from './session-owner.ts';
import { BackgroundError } from './wire-error.ts';

export interface HandlerDeps {
  owner: SessionOwner;
  defaults: Settings;
  /** Persists settings; also (re)registers content scripts for the web-app origins. */
  saveSettings(settings: Settings): Promise<void>;
  /** storage.local: the remembered email. */
  prefs: AsyncKV;
  /** storage.session: where the popup was. */
  ui: AsyncKV;
  panel: { showInActiveTab(): Promise<{ shown: boolean }>; openSignIn(): Promise<void> };
  fetch?: typeof fetch;
  /** The last feed per user. Default: one kept in `ui`. */
  feeds?: FeedCache;
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
  if (Object.keys(fields).length > 0) throw new BackgroundError('invalid-settings', 'Some settings need fixing.', fields as Record<string, string>);
  return settings;
}

function isWebApp(d: HandlerDeps, context: Context): boolean {
  return context.kind === 'content' && context.origin !== null && d.owner.settings.webAppOrigins.includes(context.origin);
}

/** Extension pages, and content scripts on a configured web-app origin. */
function requireWebApp(d: HandlerDeps, context: Context): void {
  if (context.kind !== 'page' && !isWebApp(d, context)) throw new BackgroundError('forbidden', 'This page is not allowed to do that.');
}

export function createHandlers(d: HandlerDeps): Handlers {
  const auth = () => d.owner.auth;
  const feeds = d.feeds ?? new FeedCache({ store: d.ui });
  const signedInUser = () => {
    const state = d.owner.tokens.state;
    return state.status === 'signed-in' ? state.user.sub : null;
  };
  const remember = async <T>(email: string, result: T) => {
    await d.prefs.set('lastEmail', normaliseEmail(email));
    return result;
  };
  return {
    'auth/state': async () => d.owner.tokens.state,
    'auth/sign-in': async ({ email, password }) => remember(email, await auth().signIn(email, password)),
    'auth/complete-new-password': async ({ password }) => auth().completeNewPassword(password),
    'auth/sign-up': async (input) => remember(input.email, await auth().signUp(input)),
    'auth/confirm-sign-up': async ({ email, code }) => auth().confirmSignUp(email, code),
    'auth/resend-code': async ({ email }) => auth().resendCode(email),
    'auth/forgot-password': async ({ email }) => auth().forgotPassword(email),
    'auth/confirm-forgot-password': async ({ email, code, password }) => remember(email, await auth().confirmForgotPassword(email, code, password)),
    'auth/sign-out': async ({ global }) => {
      await auth().signOut({ global });
      return d.owner.tokens.state;
    },
    'auth/adopt-web-session': async ({ clientId, refreshToken }, context) => {
      requireWebApp(d, context);
      if (clientId !== d.owner.settings.clientId) throw new BackgroundError('forbidden', 'That session belongs to another app.');
      const state = d.owner.tokens.state;
      if (state.status === 'signed-in') return { kind: 'signed-in', state };
      return auth().adopt(refreshToken);
    },
    'feed/home': async () => {
      const user = signedInUser();
      const feed = await d.owner.api.homeFeed();
      // Kept only if the same user is still signed in when the answer arrives.
      return user !== null && user === signedInUser() ? feeds.put(user, feed) : { ...feed, updatedAt: Date.now(), stale: false };
    },
    // Needs no session (see the contract): the worker answers it before loading one.
    'feed/cached': async () => feeds.peek(),
    'crud/post': async (crud) => {
      const draft = crudDraft(crud);
      if (!draft) throw new BackgroundError('invalid-crud', 'Choose when the crud expires.', { ttl: 'Choose one of the listed expiry times.' });
      return d.owner.api.postActivity(draft);
    },
    'crud/draft': async (draft) => {
      if (draft) await d.ui.set('crud-draft', crudDraft(draft));
      return crudDraft(await d.ui.get<NewCrud>('crud-draft'));
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
      if (draft) await d.ui.set('draft', draft);
      return (await d.ui.get<PopupDraft>('draft')) ?? null;
    },
    'popup/last-email': async () => (await d.prefs.get<string>('lastEmail')) ?? '',
    'panel/show-in-active-tab': async () => d.panel.showInActiveTab(),
    'panel/open-sign-in': async () => d.panel.openSignIn(),
    'panel/config': async (_, context) => {
      const webApp = isWebApp(d, context);
      return { webApp, clientId: webApp ? d.owner.settings.clientId || null : null };
    },
  };
}
