/**
 * The frame every popup view shares: a header (the Cruddur mark and the view's title), then the
 * view's content. It stops at Chrome's 600 px popup height; a view that could be taller scrolls
 * inside its body, never the whole popup (the e2e suites assert that every view fits without).
 */
import type { ComponentChildren } from 'preact';
import { FeedSkeleton } from '../../shared/ui/feed-list.tsx';
import { t } from '../../shared/i18n.ts';

/** The logo's letter: a drawing, hidden from screen readers, not a word to translate. */
const MARK = 'C';

export function Brand() {
  return (
    <div class="brand" aria-hidden="true">
      <span class="brand__mark">{MARK}</span>
      <span class="brand__name">{t('extShortName')}</span>
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
    <main class="popup popup--framed" data-view={view} data-testid={`view-${view}`}>
      <header class="popup__header">
        <span class="brand__mark" aria-hidden="true">
          {MARK}
        </span>
        <h1 class="popup__title">{title}</h1>
      </header>
      <div class="popup__body" data-testid="view-body">
        {subtitle && <p class="popup__subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}

/** While the background answers, or a view's chunk arrives. */
export function Loading() {
  return (
    <Frame title={t('popup_loading')} view="loading">
      <FeedSkeleton rows={2} />
    </Frame>
  );
}
