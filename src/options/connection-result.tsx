/** "Test connection": one line for Cognito, one for the API, each ok or not, in words. */
import { t } from '../shared/i18n.ts';
import type { CheckResult } from '../shared/messages.ts';

export function ConnectionResult({ result }: { result: { cognito: CheckResult; api: CheckResult } | null }) {
  if (!result) return null;
  return (
    <ul class="checks" role="status" aria-label={t('options_connectionTest')} data-testid="connection-result">
      <Line name="Cognito" check={result.cognito} testId="check-cognito" />
      <Line name="API" check={result.api} testId="check-api" />
    </ul>
  );
}

/** A line's look and words: working, working with a warning, or not working. */
function kind(check: CheckResult) {
  if (!check.ok) return { cls: 'bad', mark: '✗', said: t('options_checkBad') };
  return check.warn ? { cls: 'warn', mark: '!', said: t('options_checkWarn') } : { cls: 'ok', mark: '✓', said: t('options_checkOk') };
}

function Line({ name, check, testId }: { name: string; check: CheckResult; testId: string }) {
  const k = kind(check);
  return (
    <li class={`checks__item checks__item--${k.cls}`} data-testid={testId} data-ok={check.ok} data-warn={check.warn === true || undefined}>
      <span class="checks__mark" aria-hidden="true">
        {k.mark}
      </span>
      <strong>{name}:</strong> {check.message}
      <span class="visually-hidden"> {k.said}</span>
    </li>
  );
}
