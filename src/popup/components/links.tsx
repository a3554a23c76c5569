/** Apart from frame.tsx: only the signed-out views use it, and they are chunks of their own. */
import type { ComponentChildren } from 'preact';

/** A row of secondary actions under a form ("Forgot password?", "Create account"). */
export function Links({ children }: { children: ComponentChildren }) {
  return <nav class="links">{children}</nav>;
}
