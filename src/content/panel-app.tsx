/** The panel's live state: auth pushes from the background, and the page's web session. */
import { useEffect, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import { PORT_PANEL, type PanelConfig } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { Panel } from './panel.tsx';
import { watchAuthState } from '../shared/state-port.ts';
import { useWebSessionOffer } from './session-bridge.ts';

export function PanelApp({ config, onClose }: { config: PanelConfig; onClose: () => void }) {
  const [state, setState] = useState<AuthState | null>(null);
  useEffect(() => {
    const stop = new AbortController();
    watchAuthState({ name: PORT_PANEL, onState: setState, delaysMs: [500, 2000, 5000, 15_000], signal: stop.signal });
    return () => stop.abort();
  }, []);
  // Offered only while signed out; `config.clientId` is null off the web-app origins.
  const webSessionOffered = useWebSessionOffer(config.clientId, state?.status === 'signed-out');

  return (
    <Panel
      state={state}
      webSessionOffered={webSessionOffered}
      onSignIn={() => send('panel/open-sign-in')}
      onClose={onClose}
    />
  );
}
