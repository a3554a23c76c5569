/**
 * "Sign out on every device?", asked before a global sign-out, and the sign-out itself. Few users
 * ever press it, so it is a chunk of its own, fetched on the press (the footer switches once it
 * is here: no empty frame).
 *
 * Keyboard: focus lands on Cancel, the answer that changes nothing; Escape cancels the question
 * and leaves the popup open; either way focus goes back to the button that asked.
 */
import { useLayoutEffect } from 'preact/hooks';
import type { AuthState } from '../../shared/auth-state.ts';
import { t } from '../../shared/i18n.ts';
import { send } from '../../shared/messaging.ts';
import { ActionButton } from '../../shared/ui/buttons.tsx';
import { toUiError } from '../../shared/ui/ui-error.ts';
import { useAction } from '../../shared/ui/use-action.ts';

interface ConfirmProps {
  /** Another sign-out is under way: both buttons wait. */
  busy: boolean;
  onCancel: () => void;
  /** Signed out everywhere: the state to show. */
  onSignedOut: (state: AuthState) => void;
  /** Why it failed, for home's one message. */
  onError: (message: string) => void;
}

export function ConfirmSignOutAll({ busy: other, onCancel: cancelled, onSignedOut, onError }: ConfirmProps) {
  const signOutAll = useAction(async () => {
    try {
      onSignedOut(await send('auth/sign-out', { global: true }));
    } catch (e) {
      onError(toUiError(e).message);
    }
  });
  const busy = other || signOutAll.pending;
  useLayoutEffect(() => document.getElementById('sign-out-all-cancel')?.focus(), []);
  // Back to the button that asked, once the footer has it again (renders run before the next frame).
  const onCancel = () => {
    cancelled();
    requestAnimationFrame(() => document.getElementById('sign-out-all')?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || busy) return;
    // The question's own Escape, not the popup's (which would close it, where the browser lets us stop it).
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  return (
    <div class="confirm-all" role="group" aria-labelledby="confirm-all-text" aria-busy={busy} data-testid="confirm-sign-out-all" onKeyDown={onKeyDown}>
      <p id="confirm-all-text">{t('popup_signOutAllQuestion')}</p>
      <div class="home__row">
        <ActionButton onClick={onCancel} disabled={busy} testId="sign-out-all-cancel" id="sign-out-all-cancel">
          {t('popup_cancel')}
        </ActionButton>
        <ActionButton variant="danger" onClick={() => void signOutAll.run()} disabled={busy} testId="sign-out-all-confirm">
          {signOutAll.pending ? t('popup_signingOutEverywhere') : t('popup_signOutEverywhere')}
        </ActionButton>
      </div>
    </div>
  );
}
