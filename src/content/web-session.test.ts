import { describe, expect, it } from 'vitest';
import { displayLabel, findWebSession, readRefreshToken } from './web-session.ts';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const P = 'CognitoIdentityServiceProvider';

function storage(entries: Record<string, string>) {
  return { getItem: (k: string) => entries[k] ?? null };
}

const webApp = storage({
  [`${P}.ours.LastAuthUser`]: 'sub-1',
  [`${P}.ours.sub-1.refreshToken`]: 'refresh-ours',
  [`${P}.ours.sub-1.idToken`]: jwt({ preferred_username: 'alice', email: 'alice@x.com' }),
  [`${P}.theirs.LastAuthUser`]: 'sub-2',
  [`${P}.theirs.sub-2.refreshToken`]: 'refresh-theirs',
});

describe('finding the web app session', () => {
  it('finds the session of our client id, labelled with the @handle', () => {
    expect(findWebSession('ours', webApp)).toEqual({ clientId: 'ours', username: 'sub-1', label: '@alice' });
  });

  it('ignores another client id, even when the page holds its session', () => {
    expect(findWebSession('unknown', webApp)).toBeNull();
    expect(findWebSession('', webApp)).toBeNull();
  });

  it('needs a refresh token: a last user alone is no session', () => {
    expect(findWebSession('x', storage({ [`${P}.x.LastAuthUser`]: 'u' }))).toBeNull();
  });

  it('reads the refresh token of that user only when asked', () => {
    const session = findWebSession('ours', webApp);
    expect(session).not.toHaveProperty('refreshToken');
    expect(readRefreshToken(session!, webApp)).toBe('refresh-ours');
  });

  it.each([
    ['the handle', jwt({ preferred_username: 'bob', email: 'b@x.com' }), '@bob'],
    ['the email when there is no handle (cognito-local)', jwt({ email: 'b@x.com' }), 'b@x.com'],
    ['the username when the token has neither', jwt({ sub: 's' }), 'user-1'],
    ['the username when the token is garbage', 'not-a-jwt', 'user-1'],
    ['the username when there is no ID token', null, 'user-1'],
  ])('labels the offer with %s', (_, idToken, label) => {
    expect(displayLabel(idToken, 'user-1')).toBe(label);
  });
});
