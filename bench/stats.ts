/** Small timing helpers for the bench: percentiles over plain millisecond samples. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function summarise(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
  };
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** Wall time of `fn` in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * How long the bench waits for a child process or service to start (cognito-local's health
 * check, the API child): 120 s by default, `BENCH_START_TIMEOUT_MS` to change it. tsx compiles
 * TypeScript on first start, which a loaded 2-core machine has been seen to take over 30 s for.
 */
export const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 120_000);

/** Rejects after `ms` with a message naming the step: nothing in the bench may hang. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `total` split over `parts` as evenly as possible, larger shares first. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** `a[i] / b[i]` for each pair both sides have (a round of two alternated measurements). */
export function pairRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.flatMap((x, i) => {
    const y = b[i];
    return y ? [x / y] : [];
  });
}
