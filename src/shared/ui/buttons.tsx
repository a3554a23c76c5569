/**
 * Buttons with the states every form needs: pending text, disabled while busy, no double submits.
 * The forms' submit button is in submit-button.tsx: the popup's signed-in home has no form of
 * its own at open (its composer is a chunk), so its first script need not carry it.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import { RefreshIcon } from './icons.tsx';

interface ActionButtonProps {
  onClick: () => void;
  children: ComponentChildren;
  variant?: 'secondary' | 'link' | 'danger' | 'link-danger';
  disabled?: boolean;
  testId?: string;
  /** For a view that returns focus here (e.g. after a question is cancelled). */
  id?: string;
}

/** Everything that is not a submit: `type=button`, so Enter in a field never triggers it. */
export function ActionButton({ onClick, children, variant = 'secondary', disabled, testId, id }: ActionButtonProps) {
  return (
    <button type="button" id={id} class={`btn btn--${variant}`} onClick={onClick} disabled={disabled} data-testid={testId}>
      {children}
    </button>
  );
}

interface RefreshButtonProps {
  refreshing: boolean;
  onRefresh: () => void;
  testId: string;
}

/** The feed's square refresh button; its icon spins (unless motion is reduced) while refreshing. */
export function RefreshButton({ refreshing, onRefresh, testId }: RefreshButtonProps) {
  return (
    <button
      type="button"
      class="icon-btn"
      onClick={onRefresh}
      disabled={refreshing}
      aria-label={refreshing ? t('ui_refreshing') : t('ui_refreshFeed')}
      title={t('ui_refresh')}
      data-testid={testId}
    >
      <span class={refreshing ? 'spin' : ''}>
        <RefreshIcon />
      </span>
    </button>
  );
}
