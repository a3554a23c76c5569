/**
 * What AWS does about guessing, kept in the front's state file with the front's clock.
 *
 * Passwords (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html,
 * "Lockout behavior for failed sign-in attempts"): after five failed sign-ins with a password the
 * user is locked out for 1 s, then twice as long after each further failure, up to about
 * 15 minutes: a cumulative count n of failures locks for 2^(n−5) s. An attempt during a lockout
 * answers NotAuthorizedException "Password attempts exceeded" and counts nothing. The count goes
 * back to 0 after a successful sign-in, or after 15 minutes without attempts.
 *
 * Codes: AWS answers LimitExceededException "Attempt limit exceeded, please try after some time."
 * to repeated code requests (ForgotPassword, ResendConfirmationCode) and repeated wrong codes
 * (ConfirmSignUp, ConfirmForgotPassword). It publishes no thresholds; the front allows
 * CODE_LIMIT of each kind per user per CODE_WINDOW_MS.
 */
import { CognitoError } from './errors.ts';
import type { FrontState } from './front-state.ts';

export interface FailureRecord {
  /** Failed password sign-ins since the count was last reset (attempts refused while locked excluded). */
  failures: number;
  lastAttemptAt: number;
  lockedUntil?: number;
}

export interface LimitRecord {
  count: number;
  windowStart: number;
}

export type LimitKind = 'code-request' | 'wrong-code';

export const LOCKOUT_AFTER = 5;
export const MAX_LOCKOUT_MS = 15 * 60_000;
/** Quiet time after which the failure count starts again from 0. */
export const QUIET_RESET_MS = 15 * 60_000;
export const CODE_LIMIT = 5;
export const CODE_WINDOW_MS = 60 * 60_000;

export const attemptsExceeded = () => new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
export const limitExceeded = () => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');

/** Whether `r` locks the user out at `now`. */
export const isLocked = (r: FailureRecord | undefined, now: number): boolean => r?.lockedUntil !== undefined && now < r.lockedUntil;

/** The record after one more failed password at `now`: the lockout it starts, if any. */
export function afterFailure(r: FailureRecord | undefined, now: number): FailureRecord {
  const fresh = !r || (!isLocked(r, now) && now - r.lastAttemptAt >= QUIET_RESET_MS);
  const failures = (fresh ? 0 : r.failures) + 1;
  const next: FailureRecord = { failures, lastAttemptAt: now };
  if (failures >= LOCKOUT_AFTER) next.lockedUntil = now + Math.min(2 ** (failures - LOCKOUT_AFTER) * 1000, MAX_LOCKOUT_MS);
  return next;
}

/** The window after one more event at `now` (a new window once the last one is over). */
export function afterEvent(r: LimitRecord | undefined, now: number): LimitRecord {
  return r && now - r.windowStart < CODE_WINDOW_MS ? { ...r, count: r.count + 1 } : { count: 1, windowStart: now };
}

export const overLimit = (r: LimitRecord | undefined, now: number): boolean =>
  r !== undefined && now - r.windowStart < CODE_WINDOW_MS && r.count >= CODE_LIMIT;

/** The lockout and limits of one front: `user` is `<pool id>/<username>`. */
export class Guards {
  constructor(
    private readonly state: FrontState,
    private readonly now: () => number,
  ) {}

  /** Throws "Password attempts exceeded" while `user` is locked out. */
  checkPassword(user: string): void {
    if (isLocked(this.state.entry('failures', user), this.now())) throw attemptsExceeded();
  }

  passwordFailed(user: string): void {
    this.state.changeEntry('failures', user, (r) => afterFailure(r, this.now()));
  }

  passwordSucceeded(user: string): void {
    if (this.state.entry('failures', user)) this.state.changeEntry('failures', user, () => undefined);
  }

  /** Throws LimitExceededException when `user` has had CODE_LIMIT events of `kind` in this window. */
  checkLimit(kind: LimitKind, user: string): void {
    if (overLimit(this.state.entry('limits', `${kind}|${user}`), this.now())) throw limitExceeded();
  }

  /** Counts one event of `kind` (a code sent, a wrong code). */
  count(kind: LimitKind, user: string): void {
    this.state.changeEntry('limits', `${kind}|${user}`, (r) => afterEvent(r, this.now()));
  }
}
