import { describe, expect, it } from 'vitest';
import { Expiring } from './expiring.ts';

describe('short-lived values (codes, sessions, challenges)', () => {
  const clock = (start = 1_000_000) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => void (now += ms) };
  };

  it('keeps a value under a random key until its time is up', () => {
    const c = clock();
    const codes = new Expiring<string>(5_000, c.now);
    const key = codes.add('grant');
    expect(key).toMatch(/^[\w-]{43}$/);
    c.advance(4_999);
    expect(codes.get(key)).toBe('grant');
    c.advance(1);
    expect(codes.get(key)).toBeUndefined();
  });

  it('take() hands a value out once', () => {
    const codes = new Expiring<string>(5_000);
    const key = codes.add('grant');
    expect(codes.take(key)).toBe('grant');
    expect(codes.take(key)).toBeUndefined();
  });

  it('keys are unguessable and distinct; a missing or empty key finds nothing', () => {
    const codes = new Expiring<number>(5_000);
    expect(new Set([codes.add(1), codes.add(2), codes.add(3)]).size).toBe(3);
    expect([codes.get(null), codes.get(undefined), codes.get(''), codes.take('nope')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('an explicit key replaces what it held', () => {
    const pending = new Expiring<string>(5_000);
    pending.add('first', 'user-1');
    pending.add('second', 'user-1');
    expect(pending.get('user-1')).toBe('second');
  });
});
