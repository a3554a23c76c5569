/**
 * "Sign out on every device?", asked before a global sign-out. Few users ever press it, so it is
 * a chunk of its own, fetched on the press (the footer switches once it is here: no empty frame).
 */
import { ActionButton } from '../../shared/ui/buttons.tsx';

interface ConfirmProps {
  /** A sign-out is under way: both buttons wait. */
  busy: boolean;
  /** The global sign-out is the one under way. */
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

export function ConfirmSignOutAll({ busy, pending, onCancel, onConfirm }: ConfirmProps) {
  return (
    <div class="confirm-all" role="group" aria-labelledby="confirm-all-text" data-testid="confirm-sign-out-all">
      <p id="confirm-all-text">Sign out on every device where you use Cruddur?</p>
      <div class="home__row">
        <ActionButton onClick={onCancel} disabled={busy} testId="sign-out-all-cancel">
          Cancel
        </ActionButton>
        <ActionButton variant="danger" onClick={onConfirm} disabled={busy} testId="sign-out-all-confirm">
          {pending ? 'Signing out everywhere…' : 'Yes, sign out everywhere'}
        </ActionButton>
      </div>
    </div>
  );
}
