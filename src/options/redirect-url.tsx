/**
 * This browser's redirect URL for managed login (`identity.getRedirectURL()`), with a copy button
 * and where it goes: the app client must list it, exactly, or the sign-in page refuses to come back.
 */
import { useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';

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
  return (
    <div class="field" data-testid="redirect-url">
      <span class="field__label" id="redirect-url-label">
        {REDIRECT_URL_SENTENCES.label}
      </span>
      {url ? (
        <div class="field__row redirect-url">
          <code aria-labelledby="redirect-url-label" data-testid="redirect-url-value">
            {url}
          </code>
          <ActionButton onClick={copy} testId="redirect-url-copy">
            {REDIRECT_URL_SENTENCES.copy}
          </ActionButton>
        </div>
      ) : (
        <p class="field__hint">{REDIRECT_URL_SENTENCES.unavailable}</p>
      )}
      <p class="field__hint" id="redirect-url-hint">
        {REDIRECT_URL_SENTENCES.where}
      </p>
      <p class="field__hint" role="status" data-testid="redirect-url-copied">
        {copied ?? ''}
      </p>
    </div>
  );
}
