/**
 * Listens for auth-state pushes from the background. The port also tells the background an
 * extension page is open. A stopped service worker drops the port, so it reconnects (which
 * wakes the worker) and asks for the state again, in case a push was missed meanwhile.
 */
import { browser, type Runtime } from '../shared/browser.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { PORT_PAGE, type StatePush } from '../shared/messages.ts';

const RECONNECT_MS = [250, 1000, 3000, 10_000];

function isPush(value: unknown): value is StatePush {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'auth/changed';
}

/** Calls `onState` for every push and `onReconnect` after each reconnect; stops on `signal`. */
export function watchAuthState(onState: (state: AuthState) => void, onReconnect: () => void, signal: AbortSignal): void {
  let attempt = 0;
  let port: Runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (signal.aborted) return;
    try {
      port = browser.runtime.connect({ name: PORT_PAGE });
    } catch {
      schedule();
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      attempt = 0;
      if (isPush(message)) onState(message.state);
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      schedule();
    });
    if (attempt > 0) onReconnect();
  };

  const schedule = () => {
    if (signal.aborted) return;
    const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)] ?? 10_000;
    attempt += 1;
    timer = setTimeout(connect, delay);
  };

  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    port?.disconnect();
  });
  connect();
}
