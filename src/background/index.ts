/**
 * The service worker: wires listeners to the session owner and holds no logic. Listeners are
 * registered synchronously (an MV3 worker woken by an event must find them at once), and each
 * waits for the stored session to be loaded before answering.
 */
import { browser, type Runtime } from '../shared/browser.ts';
import { defaultSettings, type Settings } from '../shared/settings.ts';
import { isMessage } from '../shared/messages.ts';
import { browserAlarms, REFRESH_ALARM } from './alarms.ts';
import { createHandlers } from './handlers.ts';
import { idbKV } from './idb-kv.ts';
import { createPanelControl } from './panel.ts';
import { createPortHub } from './port-hub.ts';
import { route } from './router.ts';
import { SessionOwner } from './session-owner.ts';
import { storageAreaKV } from './storage-area-kv.ts';

const ext = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
const defaults = defaultSettings();
const local = storageAreaKV(browser.storage.local);
const memory = browser.storage.session;

let owner!: SessionOwner;
const ready = (async () => {
  const saved = await local.get<Partial<Settings>>('settings');
  owner = new SessionOwner({
    settings: { ...defaults, ...saved },
    durable: idbKV(),
    pending: storageAreaKV(memory, 'pending:'),
    alarms: browserAlarms(() => void ready.then(() => owner.tokens.onAlarm())),
  });
  owner.onState((state) => hub.broadcast(state));
  await owner.init();
})();

const hub = createPortHub({
  ext,
  state: () => ready.then(() => owner.tokens.state),
  hold: () => ready.then(() => owner.tokens.hold()),
});

const handlers = createHandlers({
  get owner() {
    return owner;
  },
  defaults,
  saveSettings: (settings) => local.set('settings', settings),
  prefs: local,
  ui: storageAreaKV(memory, 'ui:'),
  panel: createPanelControl({ contentScript: 'src/content/main.tsx' }),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Answer only what we handle; returning a promise would answer everything.
  if (!isMessage(message) || !Object.hasOwn(handlers, message.type)) return undefined;
  return ready.then(() => route(handlers, ext, message, sender));
});
browser.runtime.onConnect.addListener((port) => hub.connect(port));
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) void ready.then(() => owner.tokens.onAlarm());
});
