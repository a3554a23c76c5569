import { describe, expect, it } from 'vitest';
import { fakeJwt } from './testing.ts';
import { DEFAULT_POLICY, nextRefreshAt, refreshMargin, retryDelay, sessionFromTokens, sessionState, type Session } from './token-policy.ts';

const NOW = 1_800_000_000_000; // device ms
const session = (o: Partial<Session> = {}): Session => ({
  accessToken: 'a',
  idToken: 'i',
  refreshToken: 'r',
  username: 'u',
  issuedAt: NOW / 1000,
  expiresAt: NOW / 1000 + 3600,
  clockDrift: 0,
  ...o,
});

describe('token policy', () => {
  it.each([
    ['fresh', 0, 'valid'],
    ['one second before the margin', 3600 - 301, 'valid'],
    ['inside the 5-minute margin', 3600 - 299, 'refresh-due'],
    ['within the expiry skew', 3600 - 4, 'expired'],
    ['past expiry', 3700, 'expired'],
  ] as const)('a one-hour token that is %s is %s', (_, elapsedSeconds, state) => {
    expect(sessionState(session(), NOW + elapsedSeconds * 1000)).toBe(state);
  });

  it('is signed out without a session', () => {
    expect(sessionState(null, NOW)).toBe('signed-out');
  });

  it('shrinks the margin to a quarter of the lifetime for short-lived tokens', () => {
    expect(refreshMargin(session())).toBe(300);
    expect(refreshMargin(session({ expiresAt: NOW / 1000 + 60 }))).toBe(15);
  });

  it('reads drift from iat, so a fast device clock does not matter', () => {
    const iat = NOW / 1000;
    const tokens = { accessToken: fakeJwt({ iat, exp: iat + 3600, sub: 's', username: 'u' }), idToken: 'i', refreshToken: 'r' };
    const fastDevice = NOW + 15 * 60_000;
    const s = sessionFromTokens(tokens, fastDevice);
    expect(s.clockDrift).toBe(-900);
    expect(sessionState(s, fastDevice + 3000 * 1000)).toBe('valid');
    expect(nextRefreshAt(s, 0)).toBe(fastDevice + 3300 * 1000);
  });

  it('keeps the old refresh token when Cognito does not rotate it', () => {
    const iat = NOW / 1000;
    const tokens = { accessToken: fakeJwt({ iat, exp: iat + 3600, sub: 's' }), idToken: 'i' };
    expect(sessionFromTokens(tokens, NOW, session({ refreshToken: 'kept' })).refreshToken).toBe('kept');
    expect(() => sessionFromTokens(tokens, NOW)).toThrow('Incomplete token set');
  });

  it('spreads scheduled refreshes by up to 30 seconds of jitter', () => {
    expect(nextRefreshAt(session(), 0) - nextRefreshAt(session(), 1)).toBe(30_000);
  });

  it('backs off exponentially with jitter and a 5-minute cap', () => {
    const ceilings = [1, 2, 3, 4, 10, 20].map((attempt) => retryDelay(attempt, 1));
    expect(ceilings).toEqual([2000, 4000, 8000, 16000, DEFAULT_POLICY.retryCapMs, DEFAULT_POLICY.retryCapMs]);
    expect(retryDelay(3, 0)).toBe(4000);
  });
});

describe('token policy edges', () => {
  const iat = NOW / 1000;
  const tokens = (claims: Record<string, unknown>, refreshToken?: string) => ({ accessToken: fakeJwt(claims), idToken: 'i', refreshToken });

  it.each([
    ['without exp', { iat }],
    ['without iat', { exp: iat + 3600 }],
    ['with a string exp', { iat, exp: String(iat + 3600) }],
    ['with a string iat', { iat: String(iat), exp: iat + 3600 }],
  ])('refuses an access token %s', (_, claims) => {
    expect(() => sessionFromTokens(tokens({ sub: 's', ...claims }, 'r'), NOW)).toThrow('Incomplete token set');
  });

  it('refuses fresh tokens with no refresh token and no previous session', () => {
    expect(() => sessionFromTokens(tokens({ iat, exp: iat + 3600, sub: 's' }), NOW)).toThrow('Incomplete token set');
  });

  it.each([
    ['the username claim first', { username: 'name', sub: 'sub' }, 'prev', 'name'],
    ['the sub without a username claim', { sub: 'sub' }, 'prev', 'sub'],
    ['the previous username without either claim', {}, 'prev', 'prev'],
    ['an empty username with nothing to go on', {}, undefined, ''],
  ])('takes %s', (_, claims, previousName, username) => {
    const previous = previousName === undefined ? undefined : session({ username: previousName });
    const built = sessionFromTokens(tokens({ iat, exp: iat + 3600, ...claims }, 'r'), NOW, previous);
    expect(built.username).toBe(username);
  });

  it.each([
    ['exactly at the expiry skew', 3600 - 5, 'expired'],
    ['exactly at the refresh margin', 3600 - 300, 'refresh-due'],
  ] as const)('a one-hour token %s is %s', (_, elapsedSeconds, state) => {
    expect(sessionState(session(), NOW + elapsedSeconds * 1000)).toBe(state);
  });

  it('caps the jitter at half the margin for a short-lived token', () => {
    // A 60-second token: the margin is 15 s, so the jitter is at most 7.5 s, not the policy's 30 s.
    const short = session({ expiresAt: NOW / 1000 + 60 });
    expect(nextRefreshAt(short, 1)).toBe(NOW + (60 - 15 - 7.5) * 1000);
  });
});
