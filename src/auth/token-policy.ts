/**
 * The token policy: pure functions of (session, now). No I/O, no timers, no globals.
 *
 * Times are stored as the issuer wrote them (`exp`, `iat` in epoch seconds) together with the
 * clock drift measured when the tokens arrived, so a device clock that is minutes off does
 * not make us refresh too early or too late.
 */
import { decodeJwt } from '../shared/jwt.ts';

export interface TokenSet {
  accessToken: string;
  idToken: string;
  /** Absent from a refresh answer when Cognito does not rotate refresh tokens. */
  refreshToken?: string;
}

export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Cognito username (the `sub` for email-as-username pools). */
  username: string;
  /** `exp` of the access token, issuer clock, epoch seconds. */
  expiresAt: number;
  /** `iat` of the access token, issuer clock, epoch seconds. */
  issuedAt: number;
  /** Issuer clock minus device clock, in seconds, measured at receipt. */
  clockDrift: number;
}

export type SessionState = 'signed-out' | 'valid' | 'refresh-due' | 'expired';

export interface Policy {
  /** Refresh this long before expiry at most (seconds). */
  refreshMarginSeconds: number;
  /** …but never more than this fraction of the token lifetime (short-lived test tokens). */
  refreshMarginFraction: number;
  /** A token with this little time left is treated as expired (request latency, seconds). */
  expirySkewSeconds: number;
  /** Spread scheduled refreshes over up to this many seconds, so a fleet does not refresh in lockstep. */
  jitterSeconds: number;
  /** First retry delay after a passing failure, doubled per attempt (ms). */
  retryBaseMs: number;
  /** Retry delays never exceed this (ms). */
  retryCapMs: number;
  /** The session counts as "in use" this long after the last API call (ms). */
  inUseWindowMs: number;
}

export const DEFAULT_POLICY: Policy = {
  refreshMarginSeconds: 300,
  refreshMarginFraction: 0.25,
  expirySkewSeconds: 5,
  jitterSeconds: 30,
  retryBaseMs: 2_000,
  retryCapMs: 5 * 60_000,
  inUseWindowMs: 10 * 60_000,
};

/** Builds a session from fresh tokens; a refresh answer without a refresh token keeps the old one. */
export function sessionFromTokens(tokens: TokenSet, nowMs: number, previous?: Session): Session {
  const claims = decodeJwt(tokens.accessToken);
  const refreshToken = tokens.refreshToken ?? previous?.refreshToken;
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || !refreshToken) {
    throw new Error('Incomplete token set');
  }
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken,
    username: claims.username ?? claims.sub ?? previous?.username ?? '',
    expiresAt: claims.exp,
    issuedAt: claims.iat,
    clockDrift: measureDrift(claims.iat, nowMs),
  };
}

/** `iat` is "now" on the issuer's clock at receipt (give or take latency). */
function measureDrift(issuedAt: number, nowMs: number): number {
  return Math.round(issuedAt - nowMs / 1000);
}

function issuerNow(session: Session, nowMs: number): number {
  return nowMs / 1000 + session.clockDrift;
}

export function refreshMargin(session: Session, policy: Policy = DEFAULT_POLICY): number {
  const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
  return Math.min(policy.refreshMarginSeconds, lifetime * policy.refreshMarginFraction);
}

export function sessionState(session: Session | null, nowMs: number, policy: Policy = DEFAULT_POLICY): SessionState {
  if (!session) return 'signed-out';
  const remaining = session.expiresAt - issuerNow(session, nowMs);
  if (remaining <= policy.expirySkewSeconds) return 'expired';
  if (remaining <= refreshMargin(session, policy)) return 'refresh-due';
  return 'valid';
}

/** Device time (ms) at which a scheduled refresh should run: margin before expiry, minus jitter. */
export function nextRefreshAt(session: Session, random: number, policy: Policy = DEFAULT_POLICY): number {
  const margin = refreshMargin(session, policy);
  const jitter = Math.min(policy.jitterSeconds, margin / 2) * random;
  return (session.expiresAt - margin - jitter - session.clockDrift) * 1000;
}

/** Capped exponential backoff with jitter: attempt 1 waits about base, then doubles up to the cap. */
export function retryDelay(attempt: number, random: number, policy: Policy = DEFAULT_POLICY): number {
  const ceiling = Math.min(policy.retryCapMs, policy.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
