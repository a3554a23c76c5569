/** Messages beside a form: errors interrupt (role=alert), notices are announced politely. */
import type { ComponentChildren } from 'preact';

export function ErrorAlert({ message, testId = 'form-error' }: { message: string | undefined | null; testId?: string }) {
  // The live region stays in the DOM so screen readers announce the message when it appears.
  return (
    <div class={message ? 'alert' : 'alert alert--empty'} role="alert" data-testid={testId}>
      {message ?? ''}
    </div>
  );
}

export function Notice({ children, testId = 'notice' }: { children: ComponentChildren; testId?: string }) {
  if (!children) return null;
  return (
    <p class="notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
