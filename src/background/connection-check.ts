/** "Test connection" on the options page: can we reach this Cognito client and this API? */
import { t } from '../shared/i18n.ts';
import type { CheckResult } from '../shared/messages.ts';
import { cognitoEndpoint, type Settings } from '../shared/settings.ts';

/**
 * Asks Cognito to refresh a token that cannot be valid. A known client answers
 * NotAuthorizedException; an unknown pool or client answers ResourceNotFoundException. No
 * credentials are needed and nothing changes.
 */
export async function checkCognito(s: Settings, fetchFn: typeof fetch = fetch): Promise<CheckResult> {
  const endpoint = cognitoEndpoint(s);
  try {
    const response = await fetchFn(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ ClientId: s.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'connection-check' } }),
    });
    const body = (await response.json().catch(() => ({}))) as { __type?: string };
    const type = (body.__type ?? response.headers.get('x-amzn-errortype') ?? '').split('#').pop()?.split(':')[0] ?? '';
    if (type === 'NotAuthorizedException' || response.ok) return { ok: true, message: t('bg_cognitoKnowsClient') };
    if (type === 'ResourceNotFoundException') return { ok: false, message: t('bg_cognitoUnknownClient') };
    return { ok: false, message: t('bg_cognitoUnexpected', String(response.status)) };
  } catch {
    return { ok: false, message: t('bg_cognitoUnreachable', endpoint) };
  }
}

/** What "Test connection" says about the API, read from the catalog when said. */
export const API_CHECK_SENTENCES = {
  verifies: () => t('bg_apiVerifies'),
  acceptsAnyToken: () => t('bg_apiAcceptsAnyToken'),
  unchecked: (status: number) => t('bg_apiUnchecked', String(status)),
  probeFailed: () => t('bg_apiProbeFailed'),
  status: (status: number) => t('bg_apiStatus', String(status)),
  unreachable: () => t('bg_apiUnreachable'),
} as const;

/**
 * A token no API may accept: shaped like a Cognito access token (three base64url parts, RS256,
 * `token_use: access`), long expired and signed by nobody. Made here, never a real one.
 */
export const INVALID_TOKEN = [
  { alg: 'RS256', kid: 'cruddur-companion-connection-check' },
  { sub: 'connection-check', token_use: 'access', client_id: 'connection-check', exp: 1, iat: 0 },
]
  .map((part) => btoa(JSON.stringify(part)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''))
  .concat('bm90LWEtc2lnbmF0dXJl')
  .join('.');

/**
 * The public feed needs no token, so a plain GET shows the API is there. Then the same GET with
 * a token that cannot be valid: an API that verifies sign-ins answers 401. The original Cruddur
 * backend answers 200 with the public feed, and the popup would call that "Your home feed":
 * that is a warning (`warn`), not a failure, because the API does answer.
 */
export async function checkApi(s: Settings, fetchFn: typeof fetch = fetch): Promise<CheckResult> {
  const url = new URL('/api/activities/home', s.apiUrl);
  try {
    const response = await fetchFn(url, { credentials: 'omit' });
    if (!response.ok) return { ok: false, message: API_CHECK_SENTENCES.status(response.status) };
  } catch {
    return { ok: false, message: API_CHECK_SENTENCES.unreachable() };
  }
  try {
    const probe = await fetchFn(url, { credentials: 'omit', headers: { Authorization: `Bearer ${INVALID_TOKEN}` } });
    if (probe.status === 401) return { ok: true, message: API_CHECK_SENTENCES.verifies() };
    if (probe.ok) return { ok: true, warn: true, message: API_CHECK_SENTENCES.acceptsAnyToken() };
    return { ok: true, warn: true, message: API_CHECK_SENTENCES.unchecked(probe.status) };
  } catch {
    return { ok: true, warn: true, message: API_CHECK_SENTENCES.probeFailed() };
  }
}
