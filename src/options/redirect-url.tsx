/**
 * This browser's redirect URL for managed login (`identity.getRedirectURL()`), with a copy button
 * and where it goes: the app client must list it, exactly, or the sign-in page refuses to come back.
 */
import { useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { FieldShell } from '../shared/ui/text-field.tsx';

export const REDIRECT_URL_SENTENCES = {
  label: 'Redirect URL',
  where: 'Add it to the app client’s allowed callback URLs (and sign-out URLs, so signing out ends the sign-in page’s session too).',
  copy: 'Copy',
  copied: 'Copied.',
  notCopied: 'The browser did not allow copying. Select the address and copy it.',
  unavailable: 'This browser does not offer a redirect URL to extensions.',
} as const;

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
      () => setCopied(REDIRECT_URL_SENTENCES.copied),
      () => setCopied(REDIRECT_URL_SENTENCES.notCopied),
    );
  };
  if (!url) return <p class="field__hint">{REDIRECT_URL_SENTENCES.unavailable}</p>;
  return (
    <FieldShell id="redirectUrl" label={REDIRECT_URL_SENTENCES.label} hint={REDIRECT_URL_SENTENCES.where}>
      {(control) => (
        <>
          {/* Read-only: selectable and copyable by keyboard too; the button copies it in one go. */}
          <input {...control} type="text" value={url} readOnly spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
          <ActionButton onClick={copy} testId="redirect-url-copy">
            {REDIRECT_URL_SENTENCES.copy}
          </ActionButton>
          <span class="redirect-url__copied" role="status" data-testid="redirect-url-copied">
            {copied ?? ''}
          </span>
        </>
      )}
    </FieldShell>
  );
}
