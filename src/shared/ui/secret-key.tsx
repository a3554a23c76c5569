/**
 * An authenticator key as people type it: in groups of four (authenticator apps ignore the
 * spaces), with a button that copies it whole. Shown by the popup's MFA setup and by Settings.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/** "ABCDEFGHIJ" → "ABCD EFGH IJ". */
export const groupKey = (secret: string) => (secret.match(/.{1,4}/g) ?? []).join(' ');

export function SecretKey({ secret, testId }: { secret: string; testId: string }) {
  const [said, setSaid] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setSaid(t('ui_keyCopied')),
      () => setSaid(t('ui_keyCopyFailed')),
    );
  return (
    <div class="secret-key">
      <p>
        {t('ui_secretKey')}{' '}
        <code class="secret-key__value" data-testid={testId}>
          {groupKey(secret)}
        </code>
      </p>
      <button type="button" class="btn btn--secondary secret-key__copy" onClick={() => void copy()} data-testid={`${testId}-copy`}>
        {t('ui_copyKey')}
      </button>
      <span class="secret-key__said" role="status">
        {said}
      </span>
    </div>
  );
}
