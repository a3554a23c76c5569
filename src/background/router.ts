/**
 * The one message listener's logic: check who is asking, run the handler, answer with an
 * envelope. Only this extension's own pages may run auth commands; content scripts may ask
 * for the auth state and feed data (and hand over a web-app session from a web-app origin).
 * The feed page framed inside a web page (`frame`) is ours, but sits in a page that may be
 * hostile and can trick the user into clicking in it: it may only read.
 */
import { CONTENT_SCRIPT_MESSAGES, isMessage, type Envelope, type Message, type MessageType, type RequestOf, type ResponseOf } from '../shared/messages.ts';
import { BackgroundError, toWireError } from './wire-error.ts';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { url?: string } | unknown;
  /** 0 for a tab's top frame; absent for the popup, side panel and sidebar. */
  frameId?: number;
}

export type SenderKind = 'page' | 'frame' | 'content' | 'foreign';

/**
 * What the framed feed page may ask: the auth state, the feed, and "open sign-in" (which opens the popup, where
 * the user acts out of the page's reach). Never an auth command: a page can restyle or cover
 * the frame and make the user click in it.
 */
export const FRAME_MESSAGES: ReadonlySet<MessageType> = new Set(['auth/state', 'feed/home', 'panel/open-sign-in']);

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

/**
 * Returns the listener's answer: a promise for messages we handle, `undefined` for anything
 * else (an async listener would answer every message, even ones meant for someone else).
 */
export function route(handlers: Handlers, ext: Extension, message: unknown, sender: Sender): Promise<Envelope<unknown>> | undefined {
  if (!handles(handlers, message)) return undefined;
  const kind = classifySender(sender, ext);
  const allowed =
    kind === 'page' || (kind === 'content' && CONTENT_SCRIPT_MESSAGES.has(message.type)) || (kind === 'frame' && FRAME_MESSAGES.has(message.type));
  const context: Context = { kind, origin: kind === 'content' && sender.url ? new URL(sender.url).origin : null };
  const handler = handlers[message.type] as (payload: unknown, context: Context) => Promise<unknown>;
  const run = allowed ? handler(message.payload, context) : Promise.reject(refused());
  return run.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: toWireError(e) }),
  );
}
