/** "Test connection" on the options page: can we reach this Cognito client and this API? */
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
    if (type === 'NotAuthorizedException' || response.ok) return { ok: true, message: 'Cognito answered and knows this app client.' };
    if (type === 'ResourceNotFoundException') return { ok: false, message: 'Cognito does not know this user pool or app client. Check both ids and the region.' };
    return { ok: false, message: `Cognito answered unexpectedly (HTTP ${response.status}). Check the endpoint and region.` };
  } catch {
    return { ok: false, message: `Cognito did not answer at ${endpoint}. Check the region or endpoint, and your connection.` };
  }
}

/** The public feed needs no token, so a plain GET shows the API is there. */
export async function checkApi(s: Settings, fetchFn: typeof fetch = fetch): Promise<CheckResult> {
  try {
    const response = await fetchFn(new URL('/api/activities/home', s.apiUrl), { credentials: 'omit' });
    if (response.ok) return { ok: true, message: 'The Cruddur API answered.' };
    return { ok: false, message: `The Cruddur API answered with HTTP ${response.status}. Check the address.` };
  } catch {
    return {
      ok: false,
      message: 'The Cruddur API did not answer. Check the address, and save first so the extension may reach it.',
    };
  }
}
