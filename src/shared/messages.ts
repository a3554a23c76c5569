/**
 * The one message contract between the background (which owns the session) and every other
 * context: each message's request and answer types. Requests carry data; answers carry data and
 * an auth state, never a token. Who may send each, and what answers it, is the worker's own
 * table (src/background/handlers.ts).
 */
import type { Activity, Feed, ListedActivity, Thread } from './activity.ts';
import type { Conversation, DirectMessage } from './direct-message.ts';
import type { WireErrorCode } from './error-codes.ts';
import type { AuthState, UserProfile } from './auth-state.ts';
import type { Settings } from './settings.ts';
import { CRUD_TTLS, PORT_PAGE, PORT_PANEL } from './wire-constants.ts';

export type SignInOutcome =
  | { kind: 'signed-in'; state: AuthState }
  | { kind: 'new-password-required' }
  | { kind: 'confirm-required'; email: string; destination?: string }
  | { kind: 'mfa-required'; mfa: MfaPrompt };

/** An MFA step as the popup sees it: what to ask for, never the challenge session. */
export interface MfaPrompt {
  step: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_MFA' | 'SELECT_MFA_TYPE' | 'MFA_SETUP';
  /** Masked address of an emailed or texted code, e.g. `d***@c***`. */
  destination?: string;
  /** SELECT_MFA_TYPE: the kinds to choose from. */
  options?: ('SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_MFA')[];
  /** EMAIL_OTP as the sign-in itself ("Email me a code"), not a second step: offer a new code. */
  signInCode?: true;
  /** The pool remembers no browsers: no "Trust this browser" box. */
  remembersNoBrowsers?: true;
}

/** One of the account's trusted browsers, as Settings lists them. */
export interface TrustedBrowser {
  key: string;
  name: string;
  /** Epoch ms of its last sign-in, when Cognito says. */
  lastUsedAt?: number;
  /** The browser this extension runs in. */
  thisBrowser: boolean;
}

export type ConfirmOutcome = SignInOutcome | { kind: 'confirmed' };

/** Managed login's answer: signed in, or the user closed the window (nothing changed, nothing to say). */
export type ManagedLoginOutcome = { kind: 'signed-in'; state: AuthState } | { kind: 'cancelled' };

export interface CheckResult {
  ok: boolean;
  /** Plain-language result, e.g. "Cognito answered" or "The API did not answer". */
  message: string;
  /** It works, with a caveat the user should know (e.g. an API that accepts any token). */
  warn?: boolean;
}

/** Where the popup was, so reopening it lands in the same place (no passwords kept). */
export interface PopupDraft {
  view: string;
  email?: string;
  name?: string;
  handle?: string;
  notice?: string;
}

/** What the feed panel needs to know about the page it is on. Nothing secret: the client id is public. */
export interface PanelConfig {
  /** The page's origin is one of the configured Cruddur web-app origins. */
  webApp: boolean;
  /** The extension's Cognito app client id, on web-app origins only (to find the page's session). */
  clientId: string | null;
}

// Cruddur's expiry choices live in wire-constants.ts (pages import them without this table).
export { CRUD_TTLS };
export type CrudTtl = (typeof CRUD_TTLS)[number];

/** A crud to post: `POST /api/activities {message, ttl}`. */
export interface NewCrud {
  message: string;
  ttl: CrudTtl;
}

/** A feed with the time it was fetched (epoch ms); `stale` when it comes from the cache. */
export interface DatedFeed extends Feed {
  updatedAt: number;
  stale: boolean;
}

/** The cached feed, with whose it is (the Cognito `sub`): the popup shows it only to that user. */
export interface CachedFeed extends DatedFeed {
  user: string;
}

/** Request → response, by message type. */
export interface Contract {
  /** `remember`: keep the email for the next sign-in (unticked: forget any kept one). */
  'auth/sign-in': [{ email: string; password: string; remember?: boolean }, SignInOutcome];
  'auth/complete-new-password': [{ password: string }, SignInOutcome];
  /** The pending MFA step, if any (so a reopened popup resumes it). */
  'auth/mfa-pending': [void, MfaPrompt | null];
  /** Answers the pending MFA step: a code, or for SELECT_MFA_TYPE the chosen kind; `trust`: remember this browser. */
  'auth/mfa-answer': [{ answer: string; trust?: boolean }, SignInOutcome];
  /** MFA_SETUP: the authenticator secret and the otpauth URI to draw as a QR code. */
  'auth/mfa-setup-start': [void, { secret: string; uri: string }];
  /** Settings → Two-step verification (signed in): the authenticator's state, setup, turning off. */
  'mfa/totp-state': [void, { enabled: boolean; preferred: boolean }];
  'mfa/totp-setup-start': [void, { secret: string; uri: string }];
  'mfa/totp-enable': [{ code: string }, { enabled: boolean; preferred: boolean }];
  'mfa/totp-disable': [void, { enabled: boolean; preferred: boolean }];
  'auth/sign-up': [{ email: string; password: string; name: string; handle: string }, { destination?: string }];
  'auth/confirm-sign-up': [{ email: string; code: string }, ConfirmOutcome];
  'auth/resend-code': [{ email: string }, { destination?: string }];
  'auth/forgot-password': [{ email: string }, { destination?: string }];
  'auth/confirm-forgot-password': [{ email: string; code: string; password: string }, SignInOutcome];
  'auth/sign-out': [{ global: boolean }, AuthState];
  'feed/home': [void, DatedFeed];
  /**
   * The signed-in user's last feed, at once and without the network; null when there is none.
   * Answered before the session is loaded (a woken worker's first message): the cache holds only
   * the current user's feed, and says whose it is.
   */
  'feed/cached': [void, CachedFeed | null];
  /** Posts a crud as the signed-in user; answers with the API's object. */
  'crud/post': [NewCrud, Activity];
  /** The composer's text, kept while the popup is closed (storage.session). null only reads. */
  'crud/draft': [NewCrud | null, NewCrud | null];
  'settings/get': [void, { settings: Settings; defaults: Settings }];
  'settings/save': [Settings, { settings: Settings; signedOut: boolean }];
  'settings/test': [Settings, { cognito: CheckResult; api: CheckResult }];
  'popup/draft': [PopupDraft | null, PopupDraft | null];
  'popup/last-email': [void, string];
  /** From the popup: show the feed panel in the active tab (activeTab + scripting). */
  'panel/show-in-active-tab': [void, { shown: boolean }];
  /** From the content panel: open the sign-in view. */
  'panel/open-sign-in': [void, void];
  /** From the content panel: is this a web-app origin, and which client's session may it offer. */
  'panel/config': [void, PanelConfig];
  /** From a content script about to draw the feed frame: a one-time ticket for it (frame-tickets.ts). */
  'panel/frame-ticket': [void, string];
  /** From the feed frame: whether its ticket came from our content script (then it may show personal data). */
  'panel/frame-claim': [{ ticket: string }, boolean];
  // Reusing the web app's session ("Continue as"): see the block below the contract.
  'web-session/report': [WebSessionReport | null, { offered: boolean; retryInMs?: number }];
  'web-session/offer': [void, WebSessionOffer | null];
  'web-session/adopt': [{ offerId: string }, SignInOutcome];
  'web-session/dismiss': [{ offerId: string }, void];
  /** A crud with its replies (`GET /api/activities/<uuid>`). */
  'crud/thread': [{ uuid: string }, Thread];
  /** Replies to a crud as the signed-in user; answers with the API's reply. */
  'crud/reply': [{ uuid: string; message: string }, ListedActivity];
  /** A user's cruds (`GET /api/activities/@<handle>`). */
  'crud/profile': [{ handle: string }, Activity[]];
  /** Public cruds matching a term (`GET /api/activities/search`). */
  'crud/search': [{ term: string }, Activity[]];
  /** The user's conversations (`GET /api/message_groups`); looking at them clears the messages badge. */
  'dm/conversations': [void, Conversation[]];
  /** The conversation with a user (`GET /api/messages/@<handle>`), oldest first. */
  'dm/conversation': [{ handle: string }, DirectMessage[]];
  /** Sends a message (`POST /api/messages`); answers with the API's message. */
  'dm/send': [{ handle: string; message: string }, DirectMessage];
  /** Signs in through the pool's hosted pages; `provider`: straight to that identity provider. */
  'auth/managed-login': [{ provider?: string }, ManagedLoginOutcome];
  /** "Email me a code": choice-based sign-in (USER_AUTH) with an emailed code; answered like an MFA step. */
  'auth/sign-in-code': [{ email: string; remember?: boolean }, SignInOutcome];
  /** Settings → Trusted browsers (signed in): the account's remembered devices, and forgetting one. */
  'devices/list': [void, TrustedBrowser[]];
  'devices/forget': [{ deviceKey: string }, TrustedBrowser[]];
  /** Settings → "Add a passkey": managed login's page in the auth window; `added` false when it was closed. */
  'auth/add-passkey': [void, { added: boolean }];
}

// --- Reusing the web app's Cognito session ("Continue as") ---------------------------------
//
// Audiences (declared beside each handler, in the worker's table: src/background/handlers.ts):
//   web-session/report   content scripts on a configured web-app origin: what the page's storage
//                        holds for our client id (null: nothing any more). Reporting adopts nothing;
//                        the answer says only whether an offer exists, never who.
//   web-session/offer    extension pages only: the proven offer (identity read from Cognito's
//                        GetUser, never from the page's ID token), or null.
//   web-session/adopt    extension pages only: adopt exactly the identity of that offer.
//   web-session/dismiss  extension pages only: "Not now".

/** What a content script found in the web app's localStorage for the extension's client id. */
export interface WebSessionReport {
  clientId: string;
  accessToken: string;
  refreshToken: string;
}

/** Whether adopting by refresh ends the web app's own session (refresh-token rotation). */
export type WebAppRotation = 'rotates' | 'keeps' | 'unknown';

/** A web-app session proven with Cognito, as extension pages may show it. No token. */
export interface WebSessionOffer {
  id: string;
  /** The web-app origin whose page holds the session. */
  origin: string;
  /** From Cognito's GetUser answer for the page's access token. */
  user: UserProfile;
  /** 'rotates' or 'unknown': adopting makes the web app ask for sign-in again (the UI says so first). */
  rotation: WebAppRotation;
  /** This account was signed in to the extension in this browser before (a keyed hash of its `sub` is kept). */
  usedBefore: boolean;
}

export type MessageType = keyof Contract;
export type RequestOf<K extends MessageType> = Contract[K][0];
export type ResponseOf<K extends MessageType> = Contract[K][1];

export interface Message<K extends MessageType = MessageType> {
  type: K;
  payload: RequestOf<K>;
}

export interface WireError {
  /** One of the one list (src/shared/error-codes.ts); `message` defaults to its plain sentence. */
  code: WireErrorCode;
  message: string;
  /** For validation failures: a message per form field. */
  fields?: Record<string, string>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Pushed from the background over the `session` port to every open context. */
export interface StatePush {
  type: 'auth/changed';
  state: AuthState;
}

// Port names live in wire-constants.ts: a page that only opens a port imports them from there.
export { PORT_PAGE, PORT_PANEL };

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
