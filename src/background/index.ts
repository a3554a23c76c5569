/**
 * The service worker: wires listeners to the session owner and holds no logic. Listeners are
 * registered synchronously (an MV3 worker woken by an event must find them at once), and each
 * waits for the stored session to be loaded before answering.
 */
import { browser, type Runtime } from '../shared/browser.ts';
import type { NewCrud } from '../shared/messages.ts';
import { t } from '../shared/i18n.ts';
import { defaultSettings } from '../shared/settings.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';
import { closeSessionToContentScripts, CRUD_DRAFT, getItem, SETTINGS, setItem, type SessionAreaAccess } from '../shared/storage-keys.ts';
import { browserAlarms, REFRESH_ALARM } from './alarms.ts';
import panelScript from '../content/main.tsx?iife';
import { createContentScripts, injectIntoOpenTabs } from './content-scripts.ts';
import { onPostMenuClicked, registerPostMenu } from './context-menu.ts';
import { STATE_MIRROR } from '../shared/first-paint.ts';
import { FeedCache } from './feed-cache.ts';
import { afterClearing, createEndOfSession } from './end-of-session.ts';
import { createServices, HANDLERS } from './handlers.ts';
import { idbKV } from './idb-kv.ts';
import { KnownAccounts } from './known-accounts.ts';
import { createPanelControl } from './panel.ts';
import { createPortHub } from './port-hub.ts';
import { createRouter } from './router.ts';
import { ManagedLogin } from './managed-login.ts';
import { createSessionOwner, type SessionOwner } from './session-owner.ts';
import { createOfferBadge } from './offer-badge.ts';
import { createToolbarBadge } from './toolbar-badge.ts';
import { createMessageBadge, MESSAGE_BADGE_ALARM, MESSAGE_BADGE_PERIOD_MINUTES, MESSAGES_SEEN } from './message-badge.ts';
import { welcomeOnInstall } from './welcome.ts';
import { WebSessionOffers } from './web-session-offers.ts';

const ext = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
const defaults = defaultSettings();
// Every key carries its own prefix (src/shared/storage-keys.ts lists them): one KV per area.
const local = storageAreaKV(browser.storage, 'local');
const memory = storageAreaKV(browser.storage, 'session');
const feeds = new FeedCache({ store: memory });
// "Used in this browser before", for "Continue as": keyed hashes of every account signed in here.
const accounts = new KnownAccounts({ store: idbKV() });
// Nothing of one user reaches the next (end-of-session.ts); pages' reads wait for its clearing.
const endOfSession = createEndOfSession({ memory, feeds, onCleared: () => markOffer() });

// The panel, bundled by crxjs as one self-contained IIFE file (no loader, no chunks that
// would have to be web-accessible to every matched site; vite.config.ts drops the entry crxjs adds).
const contentScripts = createContentScripts({
  scripting: browser.scripting,
  permissions: browser.permissions,
  file: panelScript,
  // Pages that loaded while the panel was being registered (the first one after install).
  injectOpen: injectIntoOpenTabs(browser.tabs, browser.scripting),
});
const syncPanel = () => ready.then(() => contentScripts.sync(owner.settings.webAppOrigins)).catch(() => {});

// Managed login: the hosted pages in the browser's auth window (the `identity` permission).
const managedLogin = new ManagedLogin({ identity: browser.identity, keepAlive: () => browser.runtime.getPlatformInfo() });

let owner!: SessionOwner;
const onRefreshAlarm = () => void ready.then(() => owner.onAlarm());
const ready = (async () => {
  // A wake waits on both stores: open the session's database while the settings are read.
  const durable = idbKV();
  const [saved] = await Promise.all([getItem(local, SETTINGS), durable.getAll().catch(() => undefined)]);
  owner = await createSessionOwner({
    settings: { ...defaults, ...saved },
    durable,
    pending: memory,
    alarms: browserAlarms(onRefreshAlarm),
    managedLogin: managedLogin.endpoints,
    onState: (state) => {
      hub.broadcast(state);
      // Pages draw their first paint from this mirror while a stopped worker wakes (shared/first-paint.ts
      // reads it; the worker only writes it).
      void setItem(memory, STATE_MIRROR, state).catch(() => {});
      endOfSession.observe(state);
      if (state.status === 'signed-in') void accounts.remember(state.user.sub).catch(() => {});
      markOffer();
      void ready.then(() => messageBadge.onState(state)).catch(() => {});
    },
  });
})();

const hub = createPortHub({
  ext,
  state: () => ready.then(() => owner.state),
  hold: () =>
    ready.then(() => {
      const release = owner.hold();
      // A page opened: the messages badge checks now, and its alarm runs again if it stopped while idle.
      void messageBadge.wake().catch(() => {});
      return release;
    }),
});

// "Continue as": the page's tokens only in memory-only storage.session (closed to content
// scripts); token hashes and rotation per client in storage.local (nothing secret). The toolbar
// button shows a mark while an offer waits there, since the page may only point to it.
const offers = new WebSessionOffers({
  identify: (accessToken) => owner.auth.identify(accessToken),
  memory,
  known: local,
  onChange: () => markOffer(),
  usedBefore: (sub) => accounts.has(sub),
});
// One badge, two lanes: the offer's dot (signed out) and the messages count (signed in); toolbar-badge.ts.
// The manifest's `action.default_title` is `__MSG_extName__`: the same words, in the user's language.
const defaultTitle = t('extName');
const toolbarBadge = createToolbarBadge(browser.action, defaultTitle);
const updateBadge = createOfferBadge({
  action: toolbarBadge.offerLane,
  defaultTitle,
  store: local,
  waiting: async () => owner.state.status === 'signed-out' && (await offers.current()) !== null,
});
const markOffer = () => void ready.then(updateBadge).catch(() => {});

// The messages badge: an alarm while signed in; it asks the API only with a valid token of a session in use.
const messageBadge = createMessageBadge({
  session: {
    get state() {
      return owner.state;
    },
    peekAccessToken: () => owner.peekAccessToken(),
  },
  api: { unreadConversations: (token, seenAt) => owner.api.unreadConversations(token, seenAt) },
  // A mark belongs to the API it was seen on: after a change of API URL the count starts afresh.
  seen: {
    get: async () => {
      const mark = await getItem(memory, MESSAGES_SEEN);
      return mark?.api === owner.settings.apiUrl ? mark : undefined;
    },
    set: (mark) => setItem(memory, MESSAGES_SEEN, { ...mark, api: owner.settings.apiUrl }),
  },
  show: (count) => toolbarBadge.showUnread(count),
  alarm: {
    start: () => browser.alarms.create(MESSAGE_BADGE_ALARM, { delayInMinutes: MESSAGE_BADGE_PERIOD_MINUTES, periodInMinutes: MESSAGE_BADGE_PERIOD_MINUTES }),
    stop: () => browser.alarms.clear(MESSAGE_BADGE_ALARM).then(() => undefined),
  },
});

const services = createServices({
  get owner() {
    return owner;
  },
  defaults,
  saveSettings: async (settings) => {
    await setItem(local, SETTINGS, settings);
    // The saved settings stand even if registration fails; the next worker start retries it.
    await contentScripts.sync(settings.webAppOrigins).catch(() => {});
  },
  prefs: local,
  ui: afterClearing(memory, endOfSession),
  feeds,
  panel: createPanelControl({ contentScript: panelScript }),
  offers,
  messagesSeen: (conversations) => messageBadge.seen(conversations),
  managedLogin,
});

// Every message waits for the stored session to load (pages paint first from the mirrors,
// shared/first-paint.ts); the router answers only what the table handles, to whom it admits.
const router = createRouter({ table: HANDLERS, services, ext, ready, webApps: () => owner.settings.webAppOrigins });
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => router(message, sender));
browser.runtime.onConnect.addListener((port) => hub.connect(port));
// Set up once per install, update and browser start, not on every wake (a wake must answer fast):
// the panel's registration and the context menu persist in both browsers, and storage.session's
// access level lasts the browser session. Settings change only through `settings/save`, which
// registers again; the user can grant or revoke a web-app host outside the options page.
const setUp = () => {
  // The polyfill's types lack setAccessLevel; the call is skipped where the browser lacks it too.
  void closeSessionToContentScripts(browser.storage.session as SessionAreaAccess).catch(() => {});
  void syncPanel();
  void registerPostMenu({ menus: browser.contextMenus }).catch(() => {});
};
browser.runtime.onInstalled.addListener((details) => {
  setUp();
  void welcomeOnInstall(details, { tabs: browser.tabs, getURL: (path) => browser.runtime.getURL(path) }).catch(() => {});
});
browser.runtime.onStartup.addListener(setUp);
browser.permissions.onAdded.addListener(() => void syncPanel());
browser.permissions.onRemoved.addListener(() => void syncPanel());
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) onRefreshAlarm();
  if (alarm.name === MESSAGE_BADGE_ALARM) void ready.then(() => messageBadge.check()).catch(() => {});
});

// "Post to Cruddur" on selected text (the shortcut to the popup is the manifest's `_execute_action`).
const postMenu = {
  saveDraft: (draft: NewCrud) => setItem(memory, CRUD_DRAFT, draft),
  openPopup: () => browser.action.openPopup(),
  openWindow: async () => {
    await browser.windows.create({ url: browser.runtime.getURL('src/popup/index.html'), type: 'popup', width: 380, height: 640 });
  },
};
browser.contextMenus.onClicked.addListener((info) => void onPostMenuClicked(postMenu, info).catch(() => {}));
