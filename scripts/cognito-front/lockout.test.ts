// AWS's lockout arithmetic (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html,
// "Lockout behavior for failed sign-in attempts") and the code limits, as pure functions of time.
import { describe, expect, it } from 'vitest';
import { afterEvent, afterFailure, CODE_LIMIT, CODE_WINDOW_MS, isLocked, overLimit, type FailureRecord } from './lockout.ts';

const T0 = 1_800_000_000_000;
/** The record after `n` failures one millisecond apart, each after the last lockout ended. */
function failures(n: number): FailureRecord {
  let r: FailureRecord | undefined;
  let now = T0;
  for (let i = 0; i < n; i++) {
    now = Math.max(now + 1, r?.lockedUntil ?? 0);
    r = afterFailure(r, now);
  }
  return r as FailureRecord;
}

describe('password lockout', () => {
  it.each([
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [14, 512],
    [15, 900],
  ])('after %i failures the wait is %i s (2^(n−5), at most about 15 minutes)', (n, seconds) => {
    const r = failures(n);
    expect(((r.lockedUntil ?? r.lastAttemptAt) - r.lastAttemptAt) / 1000).toBe(seconds);
  });

  it('locks up to, not at, its end', () => {
    const r = failures(5);
    expect(isLocked(r, (r.lockedUntil ?? 0) - 1)).toBe(true);
    expect(isLocked(r, r.lockedUntil ?? 0)).toBe(false);
  });

  it('15 quiet minutes start the count again; 15 minutes within a lockout do not', () => {
    const four = failures(4);
    expect(afterFailure(four, four.lastAttemptAt + 15 * 60_000).failures).toBe(1);
    expect(afterFailure(four, four.lastAttemptAt + 15 * 60_000 - 1).failures).toBe(5);
    const locked = failures(15);
    expect(afterFailure(locked, locked.lastAttemptAt + 15 * 60_000 - 1).failures).toBe(16);
    // Waiting out a 15-minute lockout is 15 quiet minutes too.
    expect(afterFailure(locked, locked.lastAttemptAt + 15 * 60_000).failures).toBe(1);
  });
});

describe('code limits', () => {
  it(`allow ${CODE_LIMIT} in a window, then refuse until the window is over`, () => {
    let r = afterEvent(undefined, T0);
    for (let i = 1; i < CODE_LIMIT; i++) r = afterEvent(r, T0 + i);
    expect(overLimit(r, T0 + CODE_LIMIT)).toBe(true);
    expect(overLimit(r, T0 + CODE_WINDOW_MS)).toBe(false);
    expect(afterEvent(r, T0 + CODE_WINDOW_MS)).toEqual({ count: 1, windowStart: T0 + CODE_WINDOW_MS });
  });
});
