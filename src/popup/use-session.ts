/**
 * The popup's auth state, from the background: all a signed-in home needs, in the first script.
 * What only signed-out views use (the draft that survives closing the popup, moving between
 * views, notices) is `use-draft.ts`, in the chunk the signed-out views load.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { ConfirmOutcome } from '../shared/messages.ts';
import { PORT_PAGE } from '../shared/wire-constants.ts';
import { send } from '../shared/messaging.ts';
import { toUiError, type UiError } from '../shared/ui/ui-error.ts';
import { watchAuthState } from '../shared/state-port.ts';
import { authState, firstPaint } from './feed-prefetch.ts';
import type { View } from './navigation.ts';

export interface AuthSession {
  /** null until the background answered. */
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

export function useSession(): AuthSession {
  const [state, setStateRaw] = useState<AuthState | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [reasonState, setReasonState] = useState<AuthState | null>(null);
  const [arrival, setArrival] = useState<string | undefined>();
  const previous = useRef<AuthState | null>(null);

  const setState = useCallback((next: AuthState) => {
    const before = previous.current;
    previous.current = next;
    setStateRaw(next);
    const restated = before?.status === 'signed-out' && next.status === 'signed-out' && !next.reason;
    if (!restated) setReasonState(next);
    if (before && before.status !== next.status) setArrival(undefined);
    // A finished flow is not a draft any more: nothing of it is kept (the email only through
    // "Remember my email"). Saved once the first paint from cache is on screen (sending wakes a
    // stopped worker), not in an effect.
    if (next.status === 'signed-in' && before?.status !== 'signed-in') {
      void firstPaint()
        .then(() => send('popup/draft', { view: 'sign-in', email: '', name: '', handle: '' }))
        .catch(() => undefined);
    }
  }, []);
  const arrive = useCallback(
    (next: AuthState, notice: string) => {
      setState(next);
      setArrival(notice);
    },
    [setState],
  );

  // A push that arrives before the first answer waits for it: it is never older than the
  // answer it overtook (it was sent after that request), and it wins.
  const answered = useRef(false);
  const held = useRef<AuthState | null>(null);
  const onPush = useCallback(
    (next: AuthState) => {
      if (answered.current) setState(next);
      else held.current = next;
    },
    [setState],
  );

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      // The first time, the answer to the question main.tsx asked before rendering.
      const now = await authState();
      answered.current = true;
      setState(held.current ?? now);
      held.current = null;
    } catch (e) {
      setLoadError(toUiError(e));
    }
  }, [setState]);

  useEffect(() => {
    void load();
    const stop = new AbortController();
    // Connecting wakes a stopped worker: after the first paint from cache (feed-prefetch.ts).
    void firstPaint().then(() =>
      watchAuthState({
        name: PORT_PAGE,
        onState: onPush,
        onReconnect: () => void send('auth/state').then(onPush, () => undefined),
        delaysMs: [250, 1000, 3000, 10_000],
        signal: stop.signal,
      }),
    );
    return () => stop.abort();
  }, [load, onPush]);

  return { state, loadError, reasonState, arrival, setState, arrive, reload: () => void load() };
}
