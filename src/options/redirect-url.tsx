/**
 * This browser's redirect URL for managed login (`identity.getRedirectURL()`), with a copy button
 * and where it goes: the app client must list it, exactly, or the sign-in page refuses to come back.
 */
import { useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { FieldShell } from '../shared/ui/text-field.tsx';

function redirectUrl(): string | null {
  try {
    return browser.identity.getRedirectURL();
  } catch {
    return null;
  }
}

export function RedirectUrl() {
  const [url] = useState(redirectUrl);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () => {
    if (!url) return;
    navigator.clipboard.writeText(url).then(
      () => setCopied(t('options_copied')),
      () => setCopied(t('options_notCopied')),
    );
  };
  if (!url) return <p class="field__hint">{t('options_redirectUrlUnavailable')}</p>;
  return (
    <FieldShell id="redirectUrl" label={t('options_redirectUrl')} hint={t('options_redirectUrlHint')}>
      {(control) => (
        <>
          {/* Read-only: selectable and copyable by keyboard too; the button copies it in one go. */}
          <input {...control} type="text" value={url} readOnly spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
          <ActionButton onClick={copy} testId="redirect-url-copy">
            {t('options_copy')}
          </ActionButton>
          <span class="redirect-url__copied" role="status" data-testid="redirect-url-copied">
            {copied ?? ''}
          </span>
        </>
      )}
    </FieldShell>
  );
}
