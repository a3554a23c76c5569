/**
 * The fleet simulation (`npm run bench -- --only=fleet`): a million installs over 24 hours,
 * event-driven (each install jumps from session to session and from refresh to refresh; no
 * clock ticks), with a fixed seed, under three refresh policies. Output: Cognito calls per
 * 1-second bucket → peak and p99 requests per second against the 120 RPS default quota
 * (sign-in + refresh share one "UserAuthentication" quota per account and region).
 *
 * The policy numbers come from src/auth/token-policy.ts (DEFAULT_POLICY, sessionState,
 * nextRefreshAt), so the simulation moves when the code does.
 *
 * Activity model (stated in README "Performance"; change FLEET_MODEL to explore):
 * - every install is signed in; the token lifetime is 60 minutes; at the start of the day
 *   every token has expired (last use was the evening before);
 * - a share of installs (`activeShare`) uses the extension on the day; an active install has
 *   1 + Poisson(sessionsPerDay − 1) sessions;
 * - session starts follow `hourlyWeights` (one time zone for the whole fleet: the worst case,
 *   every user's evening at once), uniform within the hour;
 * - a session lasts an exponential time (mean `meanSessionMinutes`, at least 10 s, at most
 *   60 min) and reads the feed once a minute while open.
 */
import { DEFAULT_POLICY, nextRefreshAt, sessionState, type Session } from '../src/auth/token-policy.ts';

export const QUOTA_RPS = 120;
const DAY = 86_400;

export interface FleetModel {
  installs: number;
  activeShare: number;
  sessionsPerDay: number;
  meanSessionMinutes: number;
  tokenLifetimeSeconds: number;
  /** Relative share of the day's session starts in each hour, 00:00–01:00 first. */
  hourlyWeights: readonly number[];
  seed: number;
}

export const FLEET_MODEL: FleetModel = {
  installs: 1_000_000,
  activeShare: 0.5,
  sessionsPerDay: 4,
  meanSessionMinutes: 4,
  tokenLifetimeSeconds: 3600,
  // Night trough, a morning rise, an evening peak (20:00–21:00 = 7.9 % of the day’s sessions).
  hourlyWeights: [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1.5, 4, 7, 7, 6, 5.5, 6, 5.5, 5, 5, 5.5, 6, 6.5, 7.5, 8, 7, 4.5, 2],
  seed: 15,
};

/** The activity model in one line, as the bench's table states it beside the figures. */
export function modelSummary(m: FleetModel): string {
  const total = m.hourlyWeights.reduce((a, b) => a + b, 0);
  const top = Math.max(...m.hourlyWeights);
  const hour = m.hourlyWeights.indexOf(top);
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return (
    `${m.installs.toLocaleString('en')} installs in one time zone; ${Math.round(m.activeShare * 100)} % active on a day, ` +
    `1 + Poisson(${m.sessionsPerDay - 1}) sessions each; sessions last exp(mean ${m.meanSessionMinutes} min), a feed read a minute; ` +
    `busiest hour ${hh(hour)}–${hh(hour + 1)} with ${((top / total) * 100).toFixed(1)} % of the day's sessions; ` +
    `${m.tokenLifetimeSeconds / 60}-min tokens; seed ${m.seed}`
  );
}

export type PolicyName = 'ours' | 'timer-always' | 'on-use-only';

export interface PolicyFigures {
  policy: PolicyName;
  description: string;
  calls: number;
  peakRps: number;
  p99Rps: number;
  meanRps: number;
  /** Second of the day (UTC-free, model time) of the first peak bucket. */
  peakAt: string;
  /** Refreshes a feed load had to wait for (a user saw the refresh latency). */
  inCallerPath: number;
}

export interface FleetResult {
  model: FleetModel;
  sessions: number;
  policies: PolicyFigures[];
  quotaRps: number;
  /** Our policy's peak at the model's values, and the active share (then sessions/day) at which it reaches the quota. */
  breaking: Breaking;
  ms: number;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

/** A token minted at `iat` (seconds of the day), issuer and device clocks agreeing. */
function session(iat: number, lifetime: number): Session {
  return { accessToken: '', idToken: '', refreshToken: 'r', username: 'u', issuedAt: iat, expiresAt: iat + lifetime, clockDrift: 0 };
}

class Buckets {
  readonly counts = new Int32Array(DAY);
  calls = 0;
  inCallerPath = 0;
  add(t: number, inPath: boolean): void {
    const s = Math.floor(t);
    if (s < 0 || s >= DAY) return;
    this.counts[s] = (this.counts[s] ?? 0) + 1;
    this.calls += 1;
    if (inPath) this.inCallerPath += 1;
  }
  figures(policy: PolicyName, description: string): PolicyFigures {
    const sorted = Int32Array.from(this.counts).sort();
    const peak = sorted[DAY - 1] ?? 0;
    const at = this.counts.indexOf(peak);
    const hh = String(Math.floor(at / 3600)).padStart(2, '0');
    const mm = String(Math.floor((at % 3600) / 60)).padStart(2, '0');
    return {
      policy,
      description,
      calls: this.calls,
      peakRps: peak,
      p99Rps: sorted[Math.ceil(0.99 * DAY) - 1] ?? 0,
      meanRps: Math.round((this.calls / DAY) * 10) / 10,
      peakAt: `${hh}:${mm}`,
      inCallerPath: this.inCallerPath,
    };
  }
}

/** Session [start, end] pairs (seconds of the day) for every active install, install by install. */
function* daySessions(model: FleetModel, random: () => number): Generator<Float64Array> {
  const total = model.hourlyWeights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const cumulative = model.hourlyWeights.map((w) => (sum += w / total));
  const hourOf = (u: number) => {
    const h = cumulative.findIndex((c) => u <= c);
    return h < 0 ? 23 : h;
  };
  for (let i = 0; i < model.installs; i += 1) {
    if (random() >= model.activeShare) continue;
    const n = 1 + poisson(model.sessionsPerDay - 1, random);
    const starts = Array.from({ length: n }, () => (hourOf(random()) + random()) * 3600).sort((a, b) => a - b);
    const out = new Float64Array(2 * n);
    starts.forEach((s, j) => {
      const length = Math.min(3600, Math.max(10, -Math.log(1 - random()) * model.meanSessionMinutes * 60));
      out[2 * j] = s;
      out[2 * j + 1] = Math.min(DAY - 1, s + length);
    });
    yield out;
  }
}

function simulate(model: FleetModel, others = true): { sessions: number; ours: Buckets; onUse: Buckets; timer: Buckets } {
  const policy = DEFAULT_POLICY;
  const life = model.tokenLifetimeSeconds;
  const inUse = policy.inUseWindowMs / 1000;
  const random = rng(model.seed);
  const ours = new Buckets();
  const onUse = new Buckets();
  const timer = new Buckets();
  const state = (s: Session, t: number) => sessionState(s, t * 1000, policy);
  let sessions = 0;

  for (const day of daySessions(model, random)) {
    sessions += day.length / 2;
    // Ours: lazy refresh on the first call of a use period if the token is due or expired;
    // while in use (a session, then inUseWindow after its last feed read) an alarm refreshes
    // ahead at nextRefreshAt (margin minus jitter); an alarm due after use has ended does nothing.
    let token = session(-2 * life, life);
    for (let j = 0; j < day.length; j += 2) {
      const start = day[j] ?? 0;
      let until = (day[j + 1] ?? 0) + inUse;
      // Overlapping use periods are one.
      while (j + 2 < day.length && (day[j + 2] ?? 0) <= until) {
        j += 2;
        until = Math.max(until, (day[j + 1] ?? 0) + inUse);
      }
      if (state(token, start) !== 'valid') {
        ours.add(start, true);
        token = session(start, life);
      }
      for (let at = nextRefreshAt(token, random(), policy) / 1000; at < until; at = nextRefreshAt(token, random(), policy) / 1000) {
        ours.add(at, false);
        token = session(at, life);
      }
    }
    // Refresh only on use: every feed read (session start, then once a minute) refreshes a due
    // or expired token, in the reader's path.
    token = session(-2 * life, life);
    for (let j = 0; others && j < day.length; j += 2) {
      const start = day[j] ?? 0;
      const end = day[j + 1] ?? 0;
      for (let t = start; t <= end; ) {
        if (state(token, t) !== 'valid') {
          onUse.add(t, true);
          token = session(t, life);
        }
        // Jump to the first read at which the token is due again.
        const due = token.expiresAt - Math.min(policy.refreshMarginSeconds, life * policy.refreshMarginFraction);
        t = start + Math.max(Math.ceil((due - start) / 60), Math.floor((t - start) / 60) + 1) * 60;
      }
    }
  }
  // A timer all the time: every install (browser running all day), refreshing at
  // nextRefreshAt whether or not anyone uses it; in steady state: refresh phases spread evenly
  // over a period, started two periods before midnight so the jitter has smoothed the edges.
  const period = nextRefreshAt(session(0, life), 0.5, policy) / 1000;
  for (let i = 0; others && i < model.installs; i += 1) {
    for (let at = -(1 + random()) * period; at < DAY; at = nextRefreshAt(session(at, life), random(), policy) / 1000) timer.add(at, false);
  }
  return { sessions, ours, onUse, timer };
}

export function fleet(model: FleetModel = FLEET_MODEL): FleetResult {
  const started = performance.now();
  const run = simulate(model);
  const m = DEFAULT_POLICY;
  const policies = [
    run.ours.figures(
      'ours',
      `refresh ahead only while in use (alarm at expiry − ${m.refreshMarginSeconds} s − jitter ≤ ${m.jitterSeconds} s, use = a session + ${m.inUseWindowMs / 60_000} min), lazy refresh on first use`,
    ),
    run.timer.figures('timer-always', 'a refresh timer that runs all day on every install, used or not'),
    run.onUse.figures('on-use-only', 'refresh only when a feed read finds the token due or expired'),
  ];
  const breaking = breakingPoint(model);
  return { model, sessions: run.sessions, policies, quotaRps: QUOTA_RPS, breaking, ms: Math.round(performance.now() - started) };
}

export interface Breaking {
  /** The active share at which our peak reaches the quota (null: not even at 100 %). */
  activeShare: number | null;
  /** Else: the sessions per active user and day at which it does, at the model's active share. */
  sessionsPerDay: number | null;
  /** Our peak RPS in the run at that value. */
  peakRps: number;
  note: string;
}

/**
 * Where the quota breaks under our policy: bisect the active share (0.5 %) if a fully active
 * fleet reaches 120 RPS, else the sessions per day (whole numbers) at the model's share. The
 * peak is a maximum over 86,400 noisy buckets, so it is found by running the model, not by
 * scaling the mean.
 */
function breakingPoint(model: FleetModel): Breaking {
  const peak = (m: FleetModel) => simulate(m, false).ours.figures('ours', '').peakRps;
  const full = peak({ ...model, activeShare: 1 });
  if (full >= QUOTA_RPS) {
    let [lo, hi, at] = [model.activeShare, 1, full];
    while (hi - lo > 0.005) {
      const mid = (lo + hi) / 2;
      const p = peak({ ...model, activeShare: mid });
      if (p >= QUOTA_RPS) [hi, at] = [mid, p];
      else lo = mid;
    }
    const share = Math.round(hi * 1000) / 1000;
    return { activeShare: share, sessionsPerDay: null, peakRps: at, note: `our peak reaches ${QUOTA_RPS} RPS when ${(share * 100).toFixed(1)} % of installs are active on a day (${model.sessionsPerDay} sessions/day): peak ${at} RPS` };
  }
  let [lo, hi] = [model.sessionsPerDay, model.sessionsPerDay * 2];
  let at = peak({ ...model, sessionsPerDay: hi });
  while (at < QUOTA_RPS && hi < 64) {
    lo = hi;
    hi *= 2;
    at = peak({ ...model, sessionsPerDay: hi });
  }
  while (hi - lo > 1) {
    const mid = Math.round((lo + hi) / 2);
    const p = peak({ ...model, sessionsPerDay: mid });
    if (p >= QUOTA_RPS) [hi, at] = [mid, p];
    else lo = mid;
  }
  return {
    activeShare: null,
    sessionsPerDay: hi,
    peakRps: at,
    note: `a fully active fleet peaks at ${full} RPS (under ${QUOTA_RPS}); at ${(model.activeShare * 100).toFixed(0)} % active, the quota breaks at ${hi} sessions per active user and day: peak ${at} RPS`,
  };
}
