/**
 * Long-lived connections from open contexts. Each gets the current auth state as it connects,
 * then every change, pushed to it.
 * The popup (the one extension page that connects, as PORT_PAGE) holds the session "in use",
 * so refreshes happen ahead of time while it is open; the content panel (PORT_PANEL) does not
 * (an idle tab is an idle browser).
 */
import type { AuthState } from '../shared/auth-state.ts';
import type { Runtime } from '../shared/browser.ts';
import { PORT_PAGE, type StatePush } from '../shared/messages.ts';
import { PORTS } from './handlers.ts';
import { admitsPort, type Extension } from './router.ts';

export interface PortHubOptions {
  ext: Extension;
  /** Current state, sent to a context as soon as it connects. */
  state: () => Promise<AuthState>;
  /** Marks the session in use; returns the release. */
  hold: () => Promise<() => void>;
}

export function createPortHub(o: PortHubOptions) {
  const ports = new Set<Runtime.Port>();
  const push = (port: Runtime.Port, state: AuthState) => {
    try {
      port.postMessage({ type: 'auth/changed', state } satisfies StatePush);
    } catch {
      ports.delete(port); // the context went away between disconnect and this push
    }
  };

  return {
    connect(port: Runtime.Port): void {
      // Who may open which port is declared beside the handlers (PORTS) and checked by the router.
      if (!admitsPort(PORTS, port.name, port.sender ?? {}, o.ext)) return port.disconnect();
      ports.add(port);
      let release: (() => void) | null = null;
      let connected = true;
      const forget = () => {
        connected = false;
        ports.delete(port);
        release?.();
      };
      port.onDisconnect.addListener(forget);
      if (port.name === PORT_PAGE) {
        void o.hold().then((r) => (connected ? (release = r) : r()));
      }
      // The page's first word from the worker (the popup paints from the mirror until then). A
      // worker that cannot give its state closes the port instead: the page says so and retries.
      void o.state().then(
        (state) => connected && push(port, state),
        () => {
          if (!connected) return;
          forget(); // closing our own end fires no onDisconnect here
          port.disconnect();
        },
      );
    },
    broadcast(state: AuthState): void {
      for (const port of ports) push(port, state);
    },
  };
}
