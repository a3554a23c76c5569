import { describe, expect, it } from 'vitest';
import { findWebSession, sameSession } from './web-session.ts';

const P = 'CognitoIdentityServiceProvider';

function storage(entries: Record<string, string>) {
  return { getItem: (k: string) => entries[k] ?? null };
}

// Amplify v6 names the user by sub; v5 and amazon-cognito-identity-js by username (the email here).
const webApp = storage({
  [`${P}.ours.LastAuthUser`]: 'sub-1',
  [`${P}.ours.sub-1.refreshToken`]: 'refresh-ours',
  [`${P}.ours.sub-1.accessToken`]: 'access-ours',
  [`${P}.ours.sub-1.idToken`]: 'id-token-never-read',
  [`${P}.theirs.LastAuthUser`]: 'sub-2',
  [`${P}.theirs.sub-2.refreshToken`]: 'refresh-theirs',
  [`${P}.theirs.sub-2.accessToken`]: 'access-theirs',
});

describe('finding the web app session', () => {
  it('finds the tokens of our client id, and nothing from the page-written ID token', () => {
    expect(findWebSession('ours', webApp)).toEqual({ clientId: 'ours', accessToken: 'access-ours', refreshToken: 'refresh-ours' });
  });

  it('finds a session Amplify v6 stored after signInWithRedirect (federated username, oauthMetadata, no signInDetails)', () => {
    const redirected = storage({
      [`${P}.ours.LastAuthUser`]: 'StandIn_casey-0001',
      [`${P}.ours.StandIn_casey-0001.accessToken`]: 'access-redirect',
      [`${P}.ours.StandIn_casey-0001.refreshToken`]: 'refresh-redirect',
      [`${P}.ours.StandIn_casey-0001.idToken`]: 'id-token-never-read',
      [`${P}.ours.StandIn_casey-0001.oauthMetadata`]: '{"oauthSignIn":true}',
      [`${P}.ours.StandIn_casey-0001.clockDrift`]: '0',
    });
    expect(findWebSession('ours', redirected)).toEqual({ clientId: 'ours', accessToken: 'access-redirect', refreshToken: 'refresh-redirect' });
  });

  it('ignores another client id, even when the page holds its session', () => {
    expect(findWebSession('unknown', webApp)).toBeNull();
    expect(findWebSession('', webApp)).toBeNull();
  });

  it.each([
    ['a last user alone', { [`${P}.x.LastAuthUser`]: 'u' }],
    ['no refresh token', { [`${P}.x.LastAuthUser`]: 'u', [`${P}.x.u.accessToken`]: 'a' }],
    ['no access token (nothing to prove it with)', { [`${P}.x.LastAuthUser`]: 'u', [`${P}.x.u.refreshToken`]: 'r' }],
    ['tokens of another user than the last one', { [`${P}.x.LastAuthUser`]: 'u', [`${P}.x.v.accessToken`]: 'a', [`${P}.x.v.refreshToken`]: 'r' }],
  ])('is no session with %s', (_, entries) => {
    expect(findWebSession('x', storage(entries))).toBeNull();
  });

  it.each([
    ['the same tokens', { accessToken: 'a', refreshToken: 'r' }, true],
    ['a refreshed access token', { accessToken: 'a2', refreshToken: 'r' }, false],
    ['a rotated refresh token', { accessToken: 'a', refreshToken: 'r2' }, false],
  ])('tells a session from %s: same = %s', (_, tokens, same) => {
    expect(sameSession({ clientId: 'c', accessToken: 'a', refreshToken: 'r' }, { clientId: 'c', ...tokens })).toBe(same);
  });

  it('tells a session from none', () => {
    expect(sameSession(null, null)).toBe(true);
    expect(sameSession({ clientId: 'c', accessToken: 'a', refreshToken: 'r' }, null)).toBe(false);
  });
});
