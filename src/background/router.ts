/**
 * The one message listener's logic: check who is asking against the audience the handler table
 * declares beside each handler (handlers.ts), run the handler, answer with an envelope. The same
 * check admits long-lived ports. Nothing else decides who may ask what.
 */
import { isMessage, type Envelope, type Message, type MessageType, type RequestOf, type ResponseOf } from '../shared/messages.ts';
import { BackgroundError, toWireError } from './wire-error.ts';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { url?: string } | unknown;
  /** 0 for a tab's top frame; absent for the popup, side panel and sidebar. */
  frameId?: number;
}

export type SenderKind = 'page' | 'frame' | 'content' | 'foreign';

const tabUrl = (tab: unknown) => (typeof tab === 'object' && tab !== null && typeof (tab as { url?: unknown }).url === 'string' ? (tab as { url: string }).url : '');

export interface Extension {
  id: string;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/` */
  origin: string;
}

export function classifySender(sender: Sender, ext: Extension): SenderKind {
  if (sender.id !== ext.id) return 'foreign';
  if (sender.url?.startsWith(ext.origin)) {
    // Our page inside a tab: a tab of its own (the popup or options opened as a tab) is a page;
    // a subframe, or a tab showing anything else, is the feed framed in a web page. A tab
    // whose URL the browser does not tell us counts as framed: the narrower rights.
    if (!sender.tab) return 'page';
    const topFrame = sender.frameId === undefined || sender.frameId === 0;
    return topFrame && tabUrl(sender.tab).startsWith(ext.origin) ? 'page' : 'frame';
  }
  if (sender.tab && sender.url) return 'content';
  return 'foreign';
}

export interface Context {
  kind: SenderKind;
  /** The page origin, for content scripts. */
  origin: string | null;
}

/**
 * Who may send a message (or open a port):
 *   page      the extension's own pages: popup, options, and the feed page in the side panel or
 *             sidebar (or opened as a tab of its own).
 *   frame     the feed page framed inside a web page: ours, but the page can restyle or cover it
 *             and trick the user into clicking, so it may only read (and open the popup).
 *   content   content scripts, on any site the panel runs on.
 *   web-app   content scripts on a configured Cruddur web-app origin only.
 */
export type Audience = 'page' | 'frame' | 'content' | 'web-app';

/** One message type's entry: who may send it, and what answers it. */
export interface Handler<K extends MessageType, C> {
  audience: readonly Audience[];
  handle(payload: RequestOf<K>, ctx: C & { sender: Context }): Promise<ResponseOf<K>>;
}

/** Every message type's entry; one missing fails the type check. */
export type HandlerTable<C> = { readonly [K in MessageType]: Handler<K, C> };

/** Whether this is a message we answer: ours in shape, and a type with an entry of its own in the table. */
export function handles(table: HandlerTable<unknown>, message: unknown): message is Message {
  return isMessage(message) && Object.hasOwn(table, message.type);
}

const refused = () => new BackgroundError('forbidden');

/** Configured web-app origins, read when a content script asks something only they may. */
export type WebAppOrigins = () => readonly string[];

const originOf = (sender: Sender) => {
  try {
    return sender.url ? new URL(sender.url).origin : null;
  } catch {
    return null;
  }
};

/** Whether `audience` includes this sender: its kind, or for `web-app`, a content script on a configured origin. */
export function admits(audience: readonly Audience[], sender: Sender, ext: Extension, webApps: WebAppOrigins = () => []): boolean {
  const kind = classifySender(sender, ext);
  if (kind === 'foreign') return false;
  if (audience.includes(kind)) return true;
  if (kind !== 'content' || !audience.includes('web-app')) return false;
  const origin = originOf(sender);
  return origin !== null && webApps().includes(origin);
}

/** Whether a port of this name may be opened by this sender: only names in `ports`, each with its audience. */
export function admitsPort(ports: Readonly<Record<string, { audience: readonly Audience[] }>>, name: string, sender: Sender, ext: Extension): boolean {
  const port = Object.hasOwn(ports, name) ? ports[name] : undefined;
  return port !== undefined && admits(port.audience, sender, ext);
}

/** The listener's answer to one message. */
export type Answer = Promise<Envelope<unknown>> | undefined;

export interface RouterOptions<C> {
  table: HandlerTable<C>;
  /** What handlers work with (the session owner, stores, caches); each also gets who is asking. */
  services: C;
  ext: Extension;
  /** Settles when the stored session is loaded; every answer waits for it. */
  ready: Promise<unknown>;
  /** Read once the session is loaded. */
  webApps: WebAppOrigins;
}

/**
 * The `runtime.onMessage` listener: a promise for messages we handle, `undefined` for anything
 * else (an async listener would answer every message, even ones meant for someone else).
 */
export function createRouter<C>(o: RouterOptions<C>): (message: unknown, sender: Sender) => Answer {
  return (message, sender) => {
    if (!handles(o.table as HandlerTable<unknown>, message)) return undefined;
    return o.ready.then(() => route(o, message, sender));
  };
}

function route<C>(o: RouterOptions<C>, message: Message, sender: Sender): Promise<Envelope<unknown>> {
  const entry = o.table[message.type] as unknown as Handler<MessageType, C>;
  const kind = classifySender(sender, o.ext);
  const allowed = admits(entry.audience, sender, o.ext, o.webApps);
  const context: Context = { kind, origin: kind === 'content' ? originOf(sender) : null };
  const run = allowed ? entry.handle(message.payload as never, { ...o.services, sender: context }) : Promise.reject(refused());
  return run.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: toWireError(e) }),
  );
}
