/**
 * The popup's state: the auth state from the background, and the draft (view + email, name,
 * handle + notice) that survives closing the popup. Passwords live only in the views.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { ConfirmOutcome, PopupDraft } from '../shared/messages.ts';
import { PORT_PAGE } from '../shared/wire-constants.ts';
import { send } from '../shared/messaging.ts';
import { toUiError, type UiError } from '../shared/ui/ui-error.ts';
import { isView, nextAfter, signedOutNotice, type View } from './navigation.ts';
import { watchAuthState } from '../shared/state-port.ts';
import { authState, firstPaint } from './feed-prefetch.ts';

export interface Draft {
  view: View;
  email: string;
  name: string;
  handle: string;
  notice?: string;
}

export type DraftFields = Partial<Pick<Draft, 'email' | 'name' | 'handle'>>;

export interface Session {
  /** null until the background answered. */
  state: AuthState | null;
  loadError: UiError | null;
  draft: Draft;
  /** Why the user was signed out, until they move on. */
  reasonNotice: string | undefined;
  edit(fields: DraftFields): void;
  go(view: View, o?: { notice?: string; email?: string }): void;
  setNotice(notice: string | undefined): void;
  /** Applies an outcome of sign-in, confirm, new password or reset. */
  follow(outcome: ConfirmOutcome): void;
  setState(state: AuthState): void;
  reload(): void;
}

const EMPTY: Draft = { view: 'sign-in', email: '', name: '', handle: '' };

function fromStored(d: PopupDraft | null, lastEmail: string): Draft {
  return {
    view: isView(d?.view) ? d.view : 'sign-in',
    email: d?.email || lastEmail,
    name: d?.name ?? '',
    handle: d?.handle ?? '',
    ...(d?.notice ? { notice: d.notice } : {}),
  };
}

function toStored(d: Draft): PopupDraft {
  const { view, email, name, handle, notice } = d;
  return { view, email, name, handle, ...(notice ? { notice } : {}) };
}

/** `d` with `notice` in place of its own (none when `notice` is undefined). */
function withNotice(d: Draft, notice: string | undefined): Draft {
  const next = { ...d };
  delete next.notice;
  return notice ? { ...next, notice } : next;
}

export function useSession(): Session {
  const [state, setStateRaw] = useState<AuthState | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [draft, setDraftState] = useState<Draft>(EMPTY);
  const [reasonNotice, setReasonNotice] = useState<string | undefined>();
  const current = useRef<Draft>(EMPTY);
  // Saving starts once the stored draft is restored, so the empty default never overwrites it.
  const restored = useRef(false);

  /**
   * Updates the draft and saves it in the same tick as the click or keystroke: a popup can
   * close right after a render, before any effect would run.
   */
  const update = useCallback((change: (d: Draft) => Draft, save = true) => {
    const next = change(current.current);
    current.current = next;
    setDraftState(next);
    // After the first paint from cache (at once later on): sending wakes a stopped worker.
    if (save && restored.current) {
      const stored = toStored(next);
      void firstPaint()
        .then(() => send('popup/draft', stored))
        .catch(() => undefined);
    }
  }, []);

  const previous = useRef<AuthState | null>(null);
  const setState = useCallback(
    (next: AuthState) => {
      const before = previous.current;
      previous.current = next;
      setStateRaw(next);
      // A reasonless "signed out" after a signed-out-with-reason adds nothing (the background
      // re-announces its state after rebuilding): keep telling the user why.
      const restated = before?.status === 'signed-out' && next.status === 'signed-out' && !next.reason;
      if (!restated) setReasonNotice(signedOutNotice(next));
      // A finished flow is not a draft any more; keep only the email for next time.
      if (next.status === 'signed-in') update((d) => ({ ...EMPTY, email: next.user.email || d.email }));
    },
    [update],
  );

  // The background pushes its state as soon as the port connects (one round trip); restoring
  // the draft takes two. A push that arrives first waits here, or the popup would show the
  // empty sign-in view and then jump to the draft's view (and lose the autofocus on the way).
  const held = useRef<AuthState | null>(null);
  const onPush = useCallback(
    (next: AuthState) => {
      if (restored.current) setState(next);
      else held.current = next;
    },
    [setState],
  );

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      // The first time, the answer to the question main.tsx asked before rendering.
      const now = await authState();
      if (now.status === 'signed-out') {
        const [stored, lastEmail] = await Promise.all([
          send('popup/draft', null).catch(() => null),
          send('popup/last-email').catch(() => ''),
        ]);
        update(() => fromStored(stored, lastEmail), false);
      }
      restored.current = true;
      // A push is never older than the answer it overtook: it was sent after that request.
      setState(held.current ?? now);
      held.current = null;
    } catch (e) {
      setLoadError(toUiError(e));
    }
  }, [setState, update]);

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

  const edit = useCallback((fields: DraftFields) => update((d) => ({ ...d, ...fields })), [update]);
  const go = useCallback(
    (view: View, o: { notice?: string; email?: string } = {}) => {
      setReasonNotice(undefined);
      update((d) => withNotice({ ...d, view, ...(o.email !== undefined ? { email: o.email } : {}) }, o.notice));
    },
    [update],
  );
  const setNotice = useCallback((notice: string | undefined) => update((d) => withNotice(d, notice)), [update]);
  const follow = useCallback(
    (outcome: ConfirmOutcome) => {
      const next = nextAfter(outcome);
      if (next.kind === 'state') setState(next.state);
      else go(next.view, next);
    },
    [go, setState],
  );

  return { state, loadError, draft, reasonNotice, edit, go, setNotice, follow, setState, reload: () => void load() };
}
