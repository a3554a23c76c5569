import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Revocations, verifyAccessToken, type Claims } from './tokens.ts';

const privatePem = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')) as {
    pem: string;
  }
).pem;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token as cognito-local signs it (RS256, kid CognitoLocal). */
function jwt(claims: Claims, key = createPrivateKey(privatePem)): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${b64(claims)}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}
const NOW = 1_800_000_000_000;
const iss = 'http://127.0.0.1:9229/local_abc';
const access = (c: Claims = {}): Claims => ({ iss, username: 'u1', token_use: 'access', jti: 'j1', iat: NOW / 1000 - 10, exp: NOW / 1000 + 60, ...c });

describe('access-token checks', () => {
  it('a valid access token yields its claims', () => {
    expect(verifyAccessToken(jwt(access()), NOW)).toMatchObject({ username: 'u1', jti: 'j1' });
  });

  it.each([
    ['an expired token', jwt(access({ exp: NOW / 1000 })), 'Access Token has expired'],
    ['an ID token', jwt(access({ token_use: 'id' })), 'Invalid Access Token'],
    ['a tampered payload', `${jwt(access()).split('.')[0]}.${b64(access({ username: 'u2' }))}.${jwt(access()).split('.')[2]}`, 'Invalid Access Token'],
    ['no JWT at all', 'null', 'Invalid Access Token'],
  ])('%s fails with NotAuthorizedException "%s"', (_case, token, message) => {
    expect(() => verifyAccessToken(token, NOW)).toThrow(expect.objectContaining({ code: 'NotAuthorizedException', message }));
  });
});

describe('global sign-out memory', () => {
  const refresh = (iat: number, jti = 'r1') => jwt({ iss, 'cognito:username': 'u1', iat, jti });

  it('revokes access tokens handed out before it, even in the same second, but not later ones', () => {
    const r = new Revocations();
    const sameSecondBefore = access({ jti: 'before', iat: NOW / 1000 });
    r.noteIssued(jwt(sameSecondBefore));
    r.signOut(access({ jti: 'used' }), [], NOW);
    expect(r.isAccessRevoked(sameSecondBefore)).toBe(true);
    expect(r.isAccessRevoked(access({ jti: 'used' }))).toBe(true);
    expect(r.isAccessRevoked(access({ jti: 'older-unseen', iat: NOW / 1000 - 1 }))).toBe(true);
    expect(r.isAccessRevoked(access({ jti: 'after', iat: NOW / 1000 }))).toBe(false);
    expect(r.isAccessRevoked(access({ jti: 'other-user', username: 'u2', iat: 1 }))).toBe(false);
  });

  it('revokes the refresh tokens held at sign-out and any issued in an earlier second', () => {
    const r = new Revocations();
    const held = refresh(NOW / 1000);
    r.signOut(access(), [held], NOW);
    expect(r.isRefreshRevoked(held)).toBe(true);
    expect(r.isRefreshRevoked(refresh(NOW / 1000 - 1))).toBe(true);
    expect(r.isRefreshRevoked(refresh(NOW / 1000, 'issued-after'))).toBe(false);
  });
});
