/**
 * The popup's state: the auth state from the background, and the draft (view + email, name,
 * handle + notice) that survives closing the popup. Passwords live only in the views.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import type { ConfirmOutcome, PopupDraft } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { toUiError, type UiError } from '../shared/ui/ui-error.ts';
import { isView, nextAfter, signedOutNotice, type View } from './navigation.ts';
import { watchAuthState } from './session-port.ts';

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

export function useSession(): Session {
  const [state, setStateRaw] = useState<AuthState | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [reasonNotice, setReasonNotice] = useState<string | undefined>();
  // Saving starts once the stored draft is restored, so the empty default never overwrites it.
  const restored = useRef(false);

  const setState = useCallback((next: AuthState) => {
    setStateRaw(next);
    setReasonNotice(signedOutNotice(next));
    if (next.status === 'signed-in') {
      // A finished flow is not a draft any more; keep only the email for next time.
      setDraft((d) => ({ ...EMPTY, email: next.user.email || d.email }));
    }
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const current = await send('auth/state');
      if (current.status === 'signed-out') {
        const [stored, lastEmail] = await Promise.all([
          send('popup/draft', null).catch(() => null),
          send('popup/last-email').catch(() => ''),
        ]);
        setDraft(fromStored(stored, lastEmail));
      }
      restored.current = true;
      setState(current);
    } catch (e) {
      setLoadError(toUiError(e));
    }
  }, [setState]);

  useEffect(() => {
    void load();
    const stop = new AbortController();
    watchAuthState(setState, () => void send('auth/state').then(setState, () => undefined), stop.signal);
    return () => stop.abort();
  }, [load, setState]);

  useEffect(() => {
    if (restored.current) void send('popup/draft', toStored(draft)).catch(() => undefined);
  }, [draft]);

  const edit = useCallback((fields: DraftFields) => setDraft((d) => ({ ...d, ...fields })), []);
  const go = useCallback((view: View, o: { notice?: string; email?: string } = {}) => {
    setReasonNotice(undefined);
    setDraft((d) => {
      const next: Draft = { ...d, view, ...(o.email !== undefined ? { email: o.email } : {}) };
      delete next.notice;
      return o.notice ? { ...next, notice: o.notice } : next;
    });
  }, []);
  const setNotice = useCallback((notice: string | undefined) => {
    setDraft((d) => {
      const next = { ...d };
      delete next.notice;
      return notice ? { ...next, notice } : next;
    });
  }, []);
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
