/**
 * Auth-state pushes for the panel, over a port named PORT_PANEL (which, unlike the popup's,
 * does not hold the session "in use": an idle tab is an idle browser). The MV3 worker drops
 * the port when it stops, so the panel reconnects, which wakes it and gets the state again.
 * If the extension was updated or removed, this script is orphaned: `connect` throws and we stop.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { browser, type Runtime } from '../shared/browser.ts';
import { PORT_PANEL, type StatePush } from '../shared/messages.ts';

const RECONNECT_MS = [500, 2000, 5000, 15_000];

function isPush(value: unknown): value is StatePush {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'auth/changed';
}

/** Calls `onState` on connect and on every change, until `signal` aborts. */
export function watchPanelState(onState: (state: AuthState) => void, signal: AbortSignal): void {
  let attempt = 0;
  let port: Runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (signal.aborted) return;
    try {
      port = browser.runtime.connect({ name: PORT_PANEL });
    } catch {
      return; // extension context invalidated: nothing left to talk to
    }
    port.onMessage.addListener((message: unknown) => {
      attempt = 0;
      if (isPush(message)) onState(message.state);
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      if (signal.aborted) return;
      const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)] ?? 15_000;
      attempt += 1;
      timer = setTimeout(connect, delay);
    });
  };

  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    port?.disconnect();
  });
  connect();
}
