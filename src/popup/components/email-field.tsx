import { t } from '../../shared/i18n.ts';
import { TextField } from '../../shared/ui/text-field.tsx';
import type { Session } from '../use-session.ts';

interface FieldErrors {
  errorOf(field: 'email'): string | undefined;
  edit(field: 'email', set: (value: string) => void): (value: string) => void;
}

/**
 * The email field of every auth view. Its value lives in the popup's draft, so it follows the
 * user from view to view and survives the popup closing; editing it clears its error.
 */
export function EmailField(p: { session: Session; errors: FieldErrors; autoFocus?: boolean }) {
  return (
    <TextField
      id="email"
      label={t('popup_email')}
      type="email"
      autocomplete="username"
      value={p.session.draft.email}
      onValue={p.errors.edit('email', (email) => p.session.edit({ email }))}
      error={p.errors.errorOf('email')}
      autoFocus={p.autoFocus}
    />
  );
}
