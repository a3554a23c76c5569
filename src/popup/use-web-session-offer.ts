/**
 * Whether the background holds a proven web-app session to offer ("Continue as"). Apart from
 * the adopt view, which the popup loads only when there is an offer to show.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { WebSessionOffer } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';

/**
 * The offer while signed out: `undefined` until the background answered (the popup waits
 * rather than flash the sign-in form), null when there is none.
 */
export function useWebSessionOffer(state: AuthState | null): { offer: WebSessionOffer | null | undefined; clear: () => void } {
  const [offer, setOffer] = useState<WebSessionOffer | null | undefined>(undefined);
  const signedOut = state?.status === 'signed-out';
  useEffect(() => {
    if (!signedOut) {
      // Signed in: whatever was offered is spent; ask afresh after the next sign-out.
      setOffer(undefined);
      return undefined;
    }
    let live = true;
    send('web-session/offer').then(
      (found) => live && setOffer(found),
      () => live && setOffer(null),
    );
    return () => {
      live = false;
    };
  }, [signedOut]);
  return { offer: signedOut ? offer : null, clear: useCallback(() => setOffer(null), []) };
}
