/**
 * The one message listener's logic: check who is asking against the message's declared
 * audience (`AUDIENCES` in the contract), run the handler, answer with an envelope. The same
 * check admits long-lived ports (`PORT_AUDIENCES`). Nothing else decides who may ask what.
 */
import { AUDIENCES, isMessage, PORT_AUDIENCES, type Audience, type Envelope, type Message, type MessageType, type RequestOf, type ResponseOf } from '../shared/messages.ts';
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

export type Handlers = { [K in MessageType]: (payload: RequestOf<K>, context: Context) => Promise<ResponseOf<K>> };

/** Whether this is a message we answer: ours in shape, and a type we have a handler of our own for. */
export function handles(handlers: Handlers, message: unknown): message is Message {
  return isMessage(message) && Object.hasOwn(handlers, message.type);
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

/** Whether a port of this name may be opened by this sender. */
export function admitsPort(name: string, sender: Sender, ext: Extension): boolean {
  const audience = Object.hasOwn(PORT_AUDIENCES, name) ? PORT_AUDIENCES[name] : undefined;
  return audience !== undefined && admits(audience, sender, ext);
}

/**
 * Returns the listener's answer: a promise for messages we handle, `undefined` for anything
 * else (an async listener would answer every message, even ones meant for someone else).
 */
export function route(handlers: Handlers, ext: Extension, message: unknown, sender: Sender, webApps: WebAppOrigins = () => []): Promise<Envelope<unknown>> | undefined {
  if (!handles(handlers, message)) return undefined;
  const kind = classifySender(sender, ext);
  const allowed = admits(AUDIENCES[message.type], sender, ext, webApps);
  const context: Context = { kind, origin: kind === 'content' ? originOf(sender) : null };
  const handler = handlers[message.type] as (payload: unknown, context: Context) => Promise<unknown>;
  const run = allowed ? handler(message.payload, context) : Promise.reject(refused());
  return run.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: toWireError(e) }),
  );
}
