/**
 * Auth-state pushes from the background, over a long-lived port. The worker pushes its state as
 * soon as a port connects and again on every change, so the port alone keeps a page current. An
 * MV3 worker drops its ports when it stops, so the watcher reconnects with growing delays
 * (reconnecting wakes the worker, which pushes the current state on connect: nothing missed
 * while disconnected needs asking for). If the extension was updated or removed, a
 * content script is orphaned: `connect` throws, and there is nothing left to talk to.
 *
 * The port's name says who is watching: an extension page (PORT_PAGE) holds the session
 * "in use"; the in-page panel (PORT_PANEL) does not, since an idle tab is an idle browser.
 */
import type { AuthState } from './auth-state.ts';
import { browser, type Runtime } from './browser.ts';
import type { StatePush } from './messages.ts';

export interface WatchOptions {
  /** PORT_PAGE or PORT_PANEL. */
  name: string;
  onState: (state: AuthState) => void;
  /**
   * Called when a port closes before it brought any state: the worker could not give one (it
   * failed to start or to load its session). The watcher keeps reconnecting.
   */
  onUnavailable?: () => void;
  /** Delays before successive reconnect attempts; the last repeats. */
  delaysMs: readonly number[];
  signal: AbortSignal;
}

function isPush(value: unknown): value is StatePush {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'auth/changed';
}

export function watchAuthState(o: WatchOptions): void {
  let attempt = 0;
  let port: Runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (o.signal.aborted) return;
    try {
      port = browser.runtime.connect({ name: o.name });
    } catch {
      o.onUnavailable?.(); // extension context invalidated
      return;
    }
    let heard = false;
    port.onMessage.addListener((message: unknown) => {
      attempt = 0;
      heard = true;
      if (isPush(message)) o.onState(message.state);
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      if (o.signal.aborted) return;
      if (!heard) o.onUnavailable?.();
      const delay = o.delaysMs[Math.min(attempt, o.delaysMs.length - 1)] ?? 10_000;
      attempt += 1;
      timer = setTimeout(connect, delay);
    });
  };

  o.signal.addEventListener('abort', () => {
    clearTimeout(timer);
    port?.disconnect();
  });
  connect();
}
