/**
 * The signed-out views' draft (view + email, name, handle + notice), which survives closing the
 * popup, and moving between those views. Passwords live only in the views. Loaded with the
 * signed-out views, never by a signed-in home.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { ConfirmOutcome, PopupDraft } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { isView, nextAfter, signedOutNotice, type View } from './navigation.ts';
import type { AuthSession, Draft, DraftFields, Session } from './use-session.ts';

const EMPTY: Draft = { view: 'sign-in', email: '', name: '', handle: '' };

/** The stored draft, with the remembered email where the draft has none. */
function fromStored(d: PopupDraft | null, lastEmail: string): Draft {
  const notice = d?.notice;
  return {
    view: isView(d?.view) ? d.view : 'sign-in',
    email: d?.email || lastEmail,
    name: d?.name ?? '',
    handle: d?.handle ?? '',
    ...(notice ? { notice } : {}),
    ...(!d?.email && lastEmail ? { remembered: true } : {}),
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

/** The session of the signed-out views; `draft` is null until the stored one is restored. */
export function useDraft(auth: AuthSession): Omit<Session, 'draft'> & { draft: Draft | null } {
  const [draft, setDraftState] = useState<Draft | null>(null);
  const current = useRef<Draft>(EMPTY);
  // Saving starts once the stored draft is restored, so the empty default never overwrites it.
  const restored = useRef(false);
  // The reason shown until the user moves on: moving on dismisses this state's reason.
  const [dismissed, setDismissed] = useState<AuthState | null>(null);
  const reasonState = useRef(auth.reasonState);
  reasonState.current = auth.reasonState;

  const { painted } = auth;

  /**
   * Updates the draft and saves it in the same tick as the click or keystroke: a popup can
   * close right after a render, before any effect would run.
   */
  const update = useCallback(
    (change: (d: Draft) => Draft, save = true) => {
      const next = change(current.current);
      current.current = next;
      setDraftState(next);
      // After the first paint from cache (at once later on): sending wakes a stopped worker.
      if (save && restored.current) {
        const stored = toStored(next);
        void painted
          .then(() => send('popup/draft', stored))
          .catch(() => undefined);
      }
    },
    [painted],
  );

  useEffect(() => {
    let live = true;
    void Promise.all([send('popup/draft', null).catch(() => null), send('popup/last-email').catch(() => '')]).then(([stored, lastEmail]) => {
      if (!live) return;
      update(() => fromStored(stored, lastEmail), false);
      restored.current = true;
    });
    return () => {
      live = false;
    };
  }, [update]);

  const edit = useCallback((fields: DraftFields) => update((d) => ({ ...d, ...fields })), [update]);
  const go = useCallback(
    (view: View, o: { notice?: string; email?: string } = {}) => {
      setDismissed(reasonState.current);
      update((d) => withNotice({ ...d, view, ...(o.email !== undefined ? { email: o.email } : {}) }, o.notice));
    },
    [update],
  );
  const setNotice = useCallback((notice: string | undefined) => update((d) => withNotice(d, notice)), [update]);
  const { setState, arrive } = auth;
  const follow = useCallback(
    (outcome: ConfirmOutcome, notice?: string) => {
      const next = nextAfter(outcome);
      if (next.kind === 'state') {
        if (notice) arrive(next.state, notice);
        else setState(next.state);
      } else go(next.view, next);
    },
    [go, setState, arrive],
  );

  // What this popup's own action said ("You have signed out.") wins over the state's reason; both
  // go once the user moves on. (The state's push may come before the action's answer: read live.)
  const reasonNotice = auth.reasonState === dismissed ? undefined : (auth.arrival ?? signedOutNotice(auth.reasonState));
  return { ...auth, draft, reasonNotice, edit, go, setNotice, follow };
}
