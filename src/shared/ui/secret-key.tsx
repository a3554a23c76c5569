/**
 * An authenticator key as people type it: in groups of four (authenticator apps ignore the
 * spaces), with a button that copies it whole. Shown by the popup's MFA setup and by Settings.
 */
import { useState } from 'preact/hooks';

export const SECRET_KEY_SENTENCES = {
  label: 'Key',
  copy: 'Copy key',
  copied: 'Key copied.',
  failed: 'Could not copy. Select the key and copy it.',
} as const;

/** "ABCDEFGHIJ" → "ABCD EFGH IJ". */
export const groupKey = (secret: string) => (secret.match(/.{1,4}/g) ?? []).join(' ');

export function SecretKey({ secret, testId }: { secret: string; testId: string }) {
  const [said, setSaid] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setSaid(SECRET_KEY_SENTENCES.copied),
      () => setSaid(SECRET_KEY_SENTENCES.failed),
    );
  return (
    <div class="secret-key">
      <p>
        {SECRET_KEY_SENTENCES.label}:{' '}
        <code class="secret-key__value" data-testid={testId}>
          {groupKey(secret)}
        </code>
      </p>
      <button type="button" class="btn btn--secondary secret-key__copy" onClick={() => void copy()} data-testid={`${testId}-copy`}>
        {SECRET_KEY_SENTENCES.copy}
      </button>
      <span class="secret-key__said" role="status">
        {said}
      </span>
    </div>
  );
}
