/** The frame every popup view shares: the Cruddur mark, the view's title, its content. */
import type { ComponentChildren } from 'preact';

export function Brand() {
  return (
    <div class="brand" aria-hidden="true">
      <span class="brand__mark">C</span>
      <span class="brand__name">Cruddur</span>
    </div>
  );
}

interface FrameProps {
  title: string;
  /** A stable name for tests and screenshots. */
  view: string;
  subtitle?: string;
  children: ComponentChildren;
}

export function Frame({ title, view, subtitle, children }: FrameProps) {
  return (
    <main class="popup" data-view={view} data-testid={`view-${view}`}>
      <Brand />
      <h1 class="popup__title">{title}</h1>
      {subtitle && <p class="popup__subtitle">{subtitle}</p>}
      {children}
    </main>
  );
}

/** A row of secondary actions under a form ("Forgot password?", "Create account"). */
export function Links({ children }: { children: ComponentChildren }) {
  return <nav class="links">{children}</nav>;
}
