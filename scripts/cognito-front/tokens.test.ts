import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FrontState } from './front-state.ts';
import { resignJwt, Revocations, userKey, verifyAccessToken, type Claims } from './tokens.ts';

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

describe('revocation memory (kept in the front state file)', () => {
  const refresh = (iat: number, jti = 'r1') => jwt({ iss, 'cognito:username': 'u1', iat, jti });
  const fresh = () => new FrontState(mkdtempSync(join(tmpdir(), 'revocations-')));

  it('RevokeToken revokes the access tokens and refresh tokens of that sign-in only', () => {
    const state = fresh();
    const r = new Revocations(state);
    r.revokeSignIn('sign-in-a');
    expect(r.isAccessRevoked(access({ origin_jti: 'sign-in-a' }))).toBe(true);
    expect(r.isAccessRevoked(access({ origin_jti: 'sign-in-b' }))).toBe(false);
    expect(r.isRefreshRevoked(refresh(1), { clientId: 'c', originJti: 'sign-in-a' })).toBe(true);
    expect(r.isRefreshRevoked(refresh(1), { clientId: 'c', originJti: 'sign-in-b' })).toBe(false);
  });

  it('GlobalSignOut revokes every sign-in of the user the front knows, even one started in the same second', () => {
    const state = fresh();
    state.noteRefresh('rt-a', { clientId: 'c', originJti: 'a', user: userKey(iss, 'u1') });
    state.noteRefresh('rt-other', { clientId: 'c', originJti: 'other', user: userKey(iss, 'u2') });
    new Revocations(state).signOut('local_abc', 'u1', NOW);
    const r = new Revocations(state);
    expect(r.isAccessRevoked(access({ origin_jti: 'a', iat: NOW / 1000 }))).toBe(true);
    expect(r.isAccessRevoked(access({ origin_jti: 'later', iat: NOW / 1000 }))).toBe(false);
    expect(r.isAccessRevoked(access({ origin_jti: 'other', username: 'u2', iat: 1 }))).toBe(false);
  });

  it('GlobalSignOut revokes tokens minted without the front only if issued in an earlier second', () => {
    const r = new Revocations(fresh());
    r.signOut(iss, 'u1', NOW);
    expect(r.isAccessRevoked(access({ jti: 'older-unseen', iat: NOW / 1000 - 1 }))).toBe(true);
    expect(r.isRefreshRevoked(refresh(NOW / 1000 - 1), undefined)).toBe(true);
    expect(r.isRefreshRevoked(refresh(NOW / 1000, 'issued-after'), undefined)).toBe(false);
  });

  it('a second front on the same data dir sees the revocations of the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'revocations-'));
    new Revocations(new FrontState(dir)).revokeSignIn('sign-in-a');
    expect(new Revocations(new FrontState(dir)).isAccessRevoked(access({ origin_jti: 'sign-in-a' }))).toBe(true);
  });
});

describe('re-signing with AWS claims', () => {
  it('keeps the payload, adds the claims and stays verifiable with cognito-local\'s key', () => {
    const token = resignJwt(jwt(access()), { origin_jti: 'o1', auth_time: 42 });
    expect(verifyAccessToken(token, NOW)).toEqual({ ...access(), origin_jti: 'o1', auth_time: 42 });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' });
  });

  it('refuses something that is not a JWT', () => {
    expect(() => resignJwt('garbage', {})).toThrow('not a JWT');
  });

  it.each([
    ['local_abc', 'local_abc|u1'],
    [iss, 'local_abc|u1'],
    [undefined, '|u1'],
  ])('the user key for pool/issuer %s is %s', (poolOrIss, expected) => {
    expect(userKey(poolOrIss, 'u1')).toBe(expected);
  });
});
