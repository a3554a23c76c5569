import { afterEach, describe, expect, it, vi } from 'vitest';
import { pairRatios, percentile, split, withTimeout } from './stats.ts';

describe('bench stats', () => {
  it.each([
    [50, 8, [7, 7, 6, 6, 6, 6, 6, 6]],
    [50, 1, [50]],
    [3, 5, [1, 1, 1, 0, 0]],
    [0, 2, [0, 0]],
  ])('splits %i loads over %i contexts as %j', (total, parts, shares) => {
    expect(split(total, parts)).toEqual(shares);
    expect(split(total, parts).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it.each([
    ['one ratio per round', [200, 300], [100, 100], [2, 3]],
    ['a round missing its second measurement is left out', [200, 300, 400], [100, 150], [2, 2]],
    ['a zero divisor is left out, not turned into Infinity', [200, 300], [0, 100], [3]],
  ])('pair ratios: %s', (_, a, b, expected) => {
    expect(pairRatios(a, b)).toEqual(expected);
  });

  it('takes the median of per-pair ratios, which a slow spell in one round moves by one rank only', () => {
    // Round 3 ran during a slow spell: both of its sign-ins took 10× longer; its ratio stays 2.
    const srp = [200, 210, 2000, 190, 205];
    const password = [100, 100, 1000, 95, 100];
    expect(percentile(pairRatios(srp, password), 50)).toBe(2);
  });

  describe('deadlines', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('rejects with a message naming the step once the deadline passes', async () => {
      vi.useFakeTimers();
      const never = new Promise<never>(() => undefined);
      const result = withTimeout(never, 120_000, 'the API server child process (bench/api-child.ts) did not listen');
      const settled = expect(result).rejects.toThrow('the API server child process (bench/api-child.ts) did not listen: no answer within 120000 ms');
      await vi.advanceTimersByTimeAsync(120_000);
      await settled;
    });
  });
});
