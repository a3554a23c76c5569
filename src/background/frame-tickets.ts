/**
 * Proof that a feed frame was drawn by our own content script. The feed page is web-accessible
 * (the panel frames it into pages), so any site that knows its URL (in Firefox, the install's
 * `moz-extension://<uuid>`) can frame it or open it. Before showing anything personal, the frame
 * must claim a ticket that only our content script can have asked for: content scripts get one
 * per frame (`panel/frame-ticket`) and pass it in the frame's URL, which no page can read (the
 * iframe sits in a closed shadow root); the frame claims it (`panel/frame-claim`), once.
 *
 * Tickets live in storage.session (memory only, closed to content scripts, kept across a worker
 * stop) for TICKET_TTL_MS at most: a frame claims its ticket as soon as it loads.
 */
import type { AreaKV } from '../shared/kv.ts';
import { getItem, sessionItem, setItem } from '../shared/storage-keys.ts';

export const TICKET_TTL_MS = 60_000;
/** Unclaimed tickets kept at most (a page cannot make our content script ask for more than one per panel shown). */
export const MAX_TICKETS = 20;

const TICKETS = sessionItem<Readonly<Record<string, number>>>('panel:tickets', {});

export interface FrameTicketsOptions {
  /** storage.session in the worker; memory in tests. */
  store: AreaKV<'session'>;
  /** Default: Date.now. */
  now?: () => number;
  /** 16 random bytes. Default: crypto.getRandomValues. */
  random?: () => Uint8Array;
}

export class FrameTickets {
  readonly #store: AreaKV<'session'>;
  readonly #now: () => number;
  readonly #random: () => Uint8Array;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: FrameTicketsOptions) {
    this.#store = o.store;
    this.#now = o.now ?? Date.now;
    this.#random = o.random ?? (() => crypto.getRandomValues(new Uint8Array(16)));
  }

  /** A new ticket for one frame about to be drawn. */
  issue(): Promise<string> {
    return this.#serial(async () => {
      const ticket = Array.from(this.#random(), (b) => b.toString(16).padStart(2, '0')).join('');
      const live = Object.entries(await this.#live()).slice(-(MAX_TICKETS - 1));
      await setItem(this.#store, TICKETS, Object.fromEntries([...live, [ticket, this.#now() + TICKET_TTL_MS]]));
      return ticket;
    });
  }

  /** Whether `ticket` was issued, has not expired and was not claimed before; it is spent either way. */
  claim(ticket: string): Promise<boolean> {
    return this.#serial(async () => {
      const live = await this.#live();
      const valid = typeof ticket === 'string' && Object.hasOwn(live, ticket);
      delete live[ticket];
      await setItem(this.#store, TICKETS, live);
      return valid;
    });
  }

  async #live(): Promise<Record<string, number>> {
    const now = this.#now();
    return Object.fromEntries(Object.entries(await getItem(this.#store, TICKETS)).filter(([, until]) => until > now));
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
