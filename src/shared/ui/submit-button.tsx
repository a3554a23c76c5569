/** A form's submit button: its pending text, disabled while busy (no double submits). */
import type { ComponentChildren } from 'preact';

interface SubmitProps {
  pending: boolean;
  /** Shown while pending, e.g. "Signing in…". */
  pendingLabel: string;
  children: ComponentChildren;
  testId?: string;
  disabled?: boolean;
}

export function SubmitButton({ pending, pendingLabel, children, testId, disabled }: SubmitProps) {
  return (
    <button type="submit" class="btn btn--primary" disabled={pending || disabled} aria-disabled={pending || disabled} data-testid={testId}>
      {pending ? pendingLabel : children}
    </button>
  );
}
