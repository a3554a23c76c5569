/** "Test connection": one line for Cognito, one for the API, each ok or not, in words. */
import type { CheckResult } from '../shared/messages.ts';

export function ConnectionResult({ result }: { result: { cognito: CheckResult; api: CheckResult } | null }) {
  if (!result) return null;
  return (
    <ul class="checks" role="status" aria-label="Connection test" data-testid="connection-result">
      <Line name="Cognito" check={result.cognito} testId="check-cognito" />
      <Line name="API" check={result.api} testId="check-api" />
    </ul>
  );
}

function Line({ name, check, testId }: { name: string; check: CheckResult; testId: string }) {
  return (
    <li class={check.ok ? 'checks__item checks__item--ok' : 'checks__item checks__item--bad'} data-testid={testId} data-ok={check.ok}>
      <span class="checks__mark" aria-hidden="true">
        {check.ok ? '✓' : '✗'}
      </span>
      <strong>{name}:</strong> {check.message}
      <span class="visually-hidden">{check.ok ? ' (working)' : ' (not working)'}</span>
    </li>
  );
}
