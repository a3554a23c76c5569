/**
 * Refresh economy, two ways:
 * - a burst: 50 feed loads at once (popup, panel and background callers) on an expired token,
 *   through the real session core against the real local stack → Cognito refresh calls
 *   (target 1) and the burst's latency, next to the same burst on a valid token;
 * - a simulated hour with 5-minute tokens, stepping a fake clock: the user idle, then active
 *   → refresh calls, against what the policy predicts.
 */
import { fakeJwt, FakeAlarms } from '../src/auth/testing.ts';
import type { RefreshPort } from '../src/auth/ports.ts';
import { kvSessionStore } from '../src/auth/session-store.ts';
import { TokenManager } from '../src/auth/token-manager.ts';
import { DEFAULT_POLICY, type TokenSet } from '../src/auth/token-policy.ts';
import { memoryKV } from '../src/shared/kv.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import type { CognitoCalls } from './cognito-calls.ts';
import { signedInCore } from './core.ts';
import { summarise, withTimeout, type Summary } from './stats.ts';


export interface BurstResult {
  callers: number;
  /** Refresh calls Cognito saw during the burst on an expired token (target 1). */
  refreshCalls: number;
  /** Every Cognito call during the burst, by operation. */
  cognitoCalls: Record<string, number>;
  failed: number;
  expired: Summary;
  /** The same burst with a valid token, same run: the cost of the refresh is the difference. */
  valid: Summary;
  validRefreshCalls: number;
}

async function burst(run: () => Promise<unknown>, n: number): Promise<{ ms: number[]; failed: number }> {
  const start = performance.now();
  const results = await Promise.allSettled(
    // Callers from every context (popup, panel, background) share one background manager.
    Array.from({ length: n }, async () => {
      await run();
      return performance.now() - start;
    }),
  );
  const ms = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  return { ms, failed: n - ms.length };
}

export async function refreshBurst(stack: StackInfo, calls: CognitoCalls, n = 50): Promise<BurstResult> {
  // 60 s tokens: margin min(300 s, 60/4 = 15 s). Moving the device clock 57 s ahead makes the
  // token expired (under the 5 s skew) without waiting for it.
  const { user } = await readyUser(stack, 'bench-burst', stack.shortLivedClientId);
  const core = await signedInCore(stack, user, { clientId: stack.shortLivedClientId });
  await core.session.homeFeed(); // the API's first sight of a user costs a GetUser: not what we measure
  await withTimeout(burst(() => core.session.homeFeed(), n), 30_000, 'warm-up burst'); // JIT, sockets

  calls.reset();
  const valid = await withTimeout(burst(() => core.session.homeFeed(), n), 30_000, 'valid-token burst');
  const validRefreshCalls = calls.refreshes();

  core.clock.offsetMs = 57_000;
  calls.reset();
  const expired = await withTimeout(burst(() => core.session.homeFeed(), n), 30_000, 'expired-token burst');
  return {
    callers: n,
    refreshCalls: calls.refreshes(),
    cognitoCalls: calls.byOperation(),
    failed: expired.failed + valid.failed,
    expired: summarise(expired.ms),
    valid: summarise(valid.ms),
    validRefreshCalls,
  };
}

/** Issues 5-minute tokens on the simulated issuer clock. */
class SimCognito implements RefreshPort {
  calls = 0;
  constructor(
    readonly now: () => number,
    readonly lifetimeSeconds: number,
  ) {}
  async refresh(): Promise<TokenSet> {
    this.calls += 1;
    return this.mint();
  }
  mint(): TokenSet {
    const iat = Math.floor(this.now() / 1000);
    const claims = { sub: 'sim', username: 'sim', iat, exp: iat + this.lifetimeSeconds, jti: `j${this.calls}` };
    return { accessToken: fakeJwt({ ...claims, token_use: 'access' }), idToken: fakeJwt({ ...claims, token_use: 'id' }), refreshToken: 'r' };
  }
}

export interface HourPhase {
  name: string;
  fromMin: number;
  toMin: number;
  refreshes: number;
  /** Refreshes an API call had to wait for (the rest ran from an alarm, off the user's path). */
  inCallerPath: number;
  apiCalls: number;
}

export interface HourResult {
  policy: string;
  tokenLifetimeSeconds: number;
  phases: HourPhase[];
  total: number;
  /** What refreshing on a timer all hour, in use or not, would cost at the same margin. */
  alwaysOnTimer: number;
}

/**
 * One simulated hour, stepped a second at a time: sign-in from the popup (open 20 s), idle
 * 30 minutes, then active 30 minutes (popup opened, a feed load a minute, popup closed at the
 * end of each minute's read).
 */
export async function simulatedHour(lifetimeSeconds = 300): Promise<HourResult> {
  let now = Date.UTC(2030, 0, 1);
  const clock = { now: () => now };
  const cognito = new SimCognito(clock.now, lifetimeSeconds);
  const alarms = new FakeAlarms();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV()), clock, alarms, random });

  const phases: HourPhase[] = [
    { name: 'idle (signed in, browser open, not used)', fromMin: 0, toMin: 30, refreshes: 0, inCallerPath: 0, apiCalls: 0 },
    { name: 'active (feed read every minute)', fromMin: 30, toMin: 60, refreshes: 0, inCallerPath: 0, apiCalls: 0 },
  ];
  const start = now;
  let release: (() => void) | null = tokens.hold(); // the popup, during sign-in
  await tokens.start(cognito.mint(), { sub: 'sim', email: 'sim@example.com', name: 'Sim', handle: 'sim' });
  cognito.calls = 0;

  for (let second = 0; second < 3600; second += 1) {
    now = start + second * 1000;
    const phase = second < 1800 ? phases[0] : phases[1];
    if (!phase) throw new Error('no phase');
    const before = cognito.calls;
    if (alarms.pending !== null && now >= alarms.pending) {
      alarms.pending = null;
      await tokens.onAlarm();
    }
    if (second === 20 && release) {
      release();
      release = null;
    }
    if (second >= 1800 && second % 60 === 0) {
      const r = tokens.hold();
      const mid = cognito.calls;
      await tokens.getAccessToken();
      phase.apiCalls += 1;
      phase.inCallerPath += cognito.calls - mid;
      r();
    }
    phase.refreshes += cognito.calls - before;
  }
  const m = DEFAULT_POLICY;
  const margin = Math.min(m.refreshMarginSeconds, lifetimeSeconds * m.refreshMarginFraction);
  return {
    policy:
      `refresh margin min(${m.refreshMarginSeconds} s, lifetime × ${m.refreshMarginFraction}) = ${margin} s, ` +
      `jitter ≤ min(${m.jitterSeconds} s, margin/2); alarms only while in use (a page open, or an API call within ` +
      `${m.inUseWindowMs / 60_000} min); otherwise refresh lazily on the next call`,
    tokenLifetimeSeconds: lifetimeSeconds,
    phases,
    total: phases.reduce((a, p) => a + p.refreshes, 0),
    alwaysOnTimer: Math.ceil(3600 / (lifetimeSeconds - margin)),
  };
}
