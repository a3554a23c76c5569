/**
 * The popup's auth state: all a signed-in home needs, in the first script. It comes by one path
 * (src/popup/README.md, "First paint"): the worker's mirror, read at start (popup-start.ts), then
 * the worker's pushes on the state port, the first of them as the port connects; besides those,
 * only the answers to the popup's own actions (`setState`, `arrive`). What only signed-out views
 * use (the draft that survives closing the popup, moving between views, notices) is
 * `use-draft.ts`, in the chunk the signed-out views load.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { CachedFeed, ConfirmOutcome } from '../shared/messages.ts';
import { PORT_PAGE } from '../shared/wire-constants.ts';
import { RequestError, send } from '../shared/messaging.ts';
import { errorSentence } from '../shared/error-codes.ts';
import { toUiError, type UiError } from '../shared/ui/ui-error.ts';
import { watchAuthState } from '../shared/state-port.ts';
import type { PopupStart } from './popup-start.ts';
import type { View } from './navigation.ts';

export interface AuthSession {
  /** null until the mirror or the worker said (no mirror: after a browser restart). */
  state: AuthState | null;
  loadError: UiError | null;
  /**
   * The last state that says why the user is where they are: a reasonless "signed out" right
   * after a signed-out-with-reason is not one (the background re-announces its state after
   * rebuilding), so the reason keeps being told. A new object each time, so a view can dismiss
   * the one it showed.
   */
  reasonState: AuthState | null;
  /**
   * A sentence for the view the user arrives at after an action of theirs ("You are signed
   * out.", "Your password is changed…"): shown once there, never stored.
   */
  arrival: string | undefined;
  setState(state: AuthState): void;
  /** `setState`, with the sentence the next view says. */
  arrive(state: AuthState, notice: string): void;
  reload(): void;
  /** Settles once the first paint from the mirrors is on screen: sending before it slows that paint. */
  painted: Promise<void>;
  /** The cached feed home draws first (popup-start.ts). */
  cachedFeed: () => Promise<CachedFeed | null>;
}

/** What the signed-out views keep while the popup is closed: view, email, name, handle, notice. */
export interface Draft {
  view: View;
  email: string;
  name: string;
  handle: string;
  notice?: string;
  /** The email came from "Remember my email" (not stored with the draft). */
  remembered?: boolean;
}

export type DraftFields = Partial<Pick<Draft, 'email' | 'name' | 'handle'>>;

/** What a signed-out view gets: the auth session plus the draft and moving between views. */
export interface Session extends AuthSession {
  draft: Draft;
  /** Why the user was signed out (or what their own action did), until they move on. */
  reasonNotice: string | undefined;
  edit(fields: DraftFields): void;
  go(view: View, o?: { notice?: string; email?: string }): void;
  setNotice(notice: string | undefined): void;
  /** Applies an outcome of sign-in, confirm, new password or reset; `notice` is said on home. */
  follow(outcome: ConfirmOutcome, notice?: string): void;
}

// The worker could not give its state (it did not start, or its session did not load).
const unavailable = () => toUiError(new RequestError({ code: 'extension-unavailable', message: errorSentence('extension-unavailable') }));

export function useSession(start: PopupStart): AuthSession {
  const [state, setStateRaw] = useState<AuthState | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [reasonState, setReasonState] = useState<AuthState | null>(null);
  const [arrival, setArrival] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const previous = useRef<AuthState | null>(null);
  const { painted } = start;

  const setState = useCallback(
    (next: AuthState) => {
      const before = previous.current;
      previous.current = next;
      setStateRaw(next);
      setLoadError(null);
      const restated = before?.status === 'signed-out' && next.status === 'signed-out' && !next.reason;
      if (!restated) setReasonState(next);
      if (before && before.status !== next.status) setArrival(undefined);
      // A finished flow is not a draft any more: nothing of it is kept (the email only through
      // "Remember my email"). Saved once the first paint from cache is on screen (sending wakes a
      // stopped worker), not in an effect.
      if (next.status === 'signed-in' && before?.status !== 'signed-in') {
        void painted.then(() => send('popup/draft', { view: 'sign-in', email: '', name: '', handle: '' })).catch(() => undefined);
      }
    },
    [painted],
  );
  const arrive = useCallback(
    (next: AuthState, notice: string) => {
      setState(next);
      setArrival(notice);
    },
    [setState],
  );

  // The mirror first, unless something newer came already; it is read before the port connects,
  // so no push can be older than it.
  useEffect(() => {
    void start.mirrored.then((mirrored) => {
      if (mirrored && previous.current === null) setState(mirrored);
    });
  }, [start, setState]);

  // Then the worker's own state, pushed as the port connects and on every change. Connecting
  // wakes a stopped worker: only after the first paint. A port that closes before it brought a
  // state is a worker that cannot give one; that is said only while nothing else is on screen.
  useEffect(() => {
    const stop = new AbortController();
    void painted.then(() =>
      watchAuthState({
        name: PORT_PAGE,
        onState: setState,
        onUnavailable: () => {
          if (previous.current === null) setLoadError(unavailable());
        },
        delaysMs: [250, 1000, 3000, 10_000],
        signal: stop.signal,
      }),
    );
    return () => stop.abort();
  }, [painted, setState, attempt]);

  const reload = () => {
    setLoadError(null);
    setAttempt((n) => n + 1);
  };
  return { state, loadError, reasonState, arrival, setState, arrive, reload, painted, cachedFeed: start.cachedFeed };
}
