/**
 * `npm run bench`: starts a local stack (cognito-local, the Cognito front, the API) on free
 * ports, runs every benchmark against it, prints one table and writes bench/results.json.
 * `npm run bench -- --only=refresh,hot` runs some sections (refresh, contexts, browsers, hour, hot, server,
 * sign-in, popup, srp, fleet, bundles, managed-login). `--srp-cases=N` sets how many random challenges the SRP
 * section compares in Node (default 1,000); `--browsers=chromium` runs the real-browser
 * sections (contexts, browsers) in Chromium only (default: Chromium and Firefox).
 *
 * Every run ends with `budgets` (issue 15's targets, from this run): the exit code is non-zero
 * and the missed or unmeasured budgets are named when one is not met.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { startLocalStack } from '../test/support/stack.ts';
import { countCognitoCalls } from './cognito-calls.ts';
import { hotPath } from './hot-path.ts';
import { CHROMIUM_PATH } from '../test/support/browser-chromium.ts';
import { popupBench } from './popup.ts';
import { refreshBurst, simulatedHour } from './refresh-economy.ts';
import { serverLoad } from './server-load.ts';
import { signInTimes } from './sign-in.ts';
import { managedLoginBench } from './managed-login.ts';
import { refreshAcrossContexts, type ContextsResult } from './refresh-contexts.ts';
import { browserFigures } from './browser-figures.ts';
import type { BrowserName } from '../test/support/browser-driver.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from '../scripts/lib/build.ts';
import { checkBundleBudgets, GZIP_BUDGETS_KB, jsGzip } from '../scripts/lib/bundle-budgets.ts';
import { fleet, modelSummary, QUOTA_RPS, type FleetResult } from './fleet.ts';
import { srpBench, type SrpResult } from './srp.ts';
import { budgetRows, type Budget } from './budgets.ts';
import { round, START_TIMEOUT_MS, withTimeout } from './stats.ts';
import { markdownOf, tableOf, type Row } from './table.ts';

const SECTIONS = ['refresh', 'contexts', 'browsers', 'hour', 'hot', 'server', 'sign-in', 'popup', 'srp', 'fleet', 'bundles', 'managed-login'] as const;
type Section = (typeof SECTIONS)[number];

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (s: Section) => !only || only.includes(s);
const srpCases = Number(process.argv.find((a) => a.startsWith('--srp-cases='))?.slice(12) ?? 1000);
// The real-browser sections run in both browsers unless `--browsers=chromium` (or firefox) narrows them.
const benchBrowsers = (process.argv.find((a) => a.startsWith('--browsers='))?.slice(11) ?? 'chromium,firefox').split(',').filter(Boolean) as BrowserName[];
const out = resolve(import.meta.dirname, only ? 'results.partial.json' : 'results.json');

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  commit: version('git', ['rev-parse', '--short', 'HEAD']),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, chromium: version(CHROMIUM_PATH, ['--version']) },
};
const rows: Row[] = [];
const failures: string[] = [];

// Only the fleet needs no stack; everything else runs against one.
const needsStack = SECTIONS.some((s) => s !== 'fleet' && s !== 'bundles' && wanted(s));
const stack = needsStack
  ? await startLocalStack({ startTimeoutMs: START_TIMEOUT_MS }).catch((e: unknown) => {
      process.stderr.write(`bench: the local stack (cognito-local, the Cognito front, the API) did not start, waited up to ${START_TIMEOUT_MS / 1000} s:\n${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    })
  : undefined;
const budgets: Budget[] = [];
const budget = (name: string, goal: number, value: number | null, unit: string, note?: string) =>
  budgets.push({ name, goal, value, unit, met: value !== null && value <= goal, ...(note ? { note } : {}) });
const calls = stack ? countCognitoCalls(stack.cognitoUrl) : undefined;
try {
  const section = async <T>(name: Section, ms: number, run: () => Promise<T>, toRows: (r: T) => Row[]) => {
    if (!wanted(name)) return;
    process.stderr.write(`bench: ${name}…\n`);
    try {
      const r = await withTimeout(run(), ms, name);
      results[name] = r;
      rows.push(...toRows(r));
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      results[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  };

  await section('refresh', 60_000, () => refreshBurst(stack!, calls!), (r) => [
    ['refresh burst', `Cognito refresh calls, ${r.callers} concurrent feed loads on an expired token`, r.refreshCalls, 'target 1'],
    ['refresh burst', 'burst latency p50 / p95, expired token (ms)', `${r.expired.p50} / ${r.expired.p95}`, `valid token: ${r.valid.p50} / ${r.valid.p95}`],
    ['refresh burst', 'failed feed loads', r.failed, 'target 0'],
  ]);
  await section('contexts', 900_000, async () => {
    const runs: ContextsResult[] = [];
    for (const browser of benchBrowsers) runs.push(await refreshAcrossContexts(stack!, browser));
    return runs;
  }, (runs) => {
    // A figure counts only if the burst met the expired token itself and every load got its feed.
    const valid = runs.filter((r) => r.refreshesBeforeBurst === 0 && r.failed === 0 && r.personalised === r.loads);
    for (const r of runs.filter((x) => !valid.includes(x))) {
      failures.push(`contexts (${r.browser}): ${r.refreshesBeforeBurst} refresh(es) before the burst, ${r.failed} failed and ${r.personalised}/${r.loads} personalised loads`);
    }
    budget('refresh-calls-real-contexts', 1, valid.length === runs.length && runs.length > 0 ? Math.max(...runs.map((r) => r.refreshCalls)) : null, 'calls');
    return runs.flatMap((r): Row[] => [
      ['refresh, real contexts', `${r.browser}: Cognito refresh calls, ${r.loads} feed loads from ${r.contexts.popup} popup + ${r.contexts.options} options + ${r.contexts.panel} panel tabs`, r.refreshCalls, `target 1; token expired ${r.expiredForSeconds} s; ${r.sentDuringRefresh} of ${r.loads} sent while the refresh was in flight`],
      ['refresh, real contexts', `${r.browser}: loads failed / personalised; send spread (ms)`, `${r.failed} / ${r.personalised}; ${r.sendSpreadMs}`, `send → answer p50 / p95 ${r.latency.p50} / ${r.latency.p95} ms`],
    ]);
  });
  await section('browsers', 600_000, () => browserFigures(stack!, benchBrowsers), (r) => [
    ...r.browsers.flatMap((b): Row[] => [
      ['browsers', `${b.browser}: popup open → display name shown, median of ${b.nameShown.n} (ms)`, b.nameShown.p50, `p95 ${b.nameShown.p95}${b.lateOpens ? `; ${b.lateOpens} upper bounds (observer landed late)` : ''}`],
      ['browsers', `${b.browser}: sign-in (SRP) through the popup, submit → home, median of ${b.signIn.n} (ms)`, b.signIn.p50, `p95 ${b.signIn.p95}`],
    ]),
    ...(r.firefoxOverChromium
      ? [['browsers', 'Firefox / Chromium medians: name shown, sign-in', `${r.firefoxOverChromium.nameShown} / ${r.firefoxOverChromium.signIn}`, 'browsers alternate round by round'] as Row]
      : []),
  ]);
  await section('hour', 60_000, () => simulatedHour(), (r) => [
    ...r.phases.map((p): Row => ['simulated hour', `refresh calls, ${p.name} (min ${p.fromMin}–${p.toMin})`, p.refreshes, `${p.inCallerPath} in a caller's path, ${p.apiCalls} API calls`]),
    ['simulated hour', `refresh calls in the hour, ${r.tokenLifetimeSeconds / 60}-minute tokens`, r.total, `a timer all hour: ${r.alwaysOnTimer}`],
  ]);
  await section('hot', 120_000, () => hotPath(stack!, calls!), (r) => [
    ['hot path', `feed via background (ApiClient) p50 / p95 (ms), ${r.rounds} loads`, `${r.background.p50} / ${r.background.p95}`, ''],
    ['hot path', 'feed via direct fetch p50 / p95 (ms)', `${r.direct.p50} / ${r.direct.p95}`, ''],
    ['hot path', 'ratio background / direct, p50 / p95', `${r.ratioP50} / ${r.ratioP95}`, ''],
    ['hot path', 'Cognito calls on the hot path', r.cognitoCalls, 'target 0'],
  ]);
  await section('server', 240_000, () => serverLoad(stack!), (r) => r.deployments.flatMap((d): Row[] => [
    ...d.runs.map((run): Row => [
      'server',
      `${d.name}: GET /api/activities/home ${run.name}: req/s, p99 (ms)`,
      `${run.rps}, ${run.latency.p99}`,
      `${run.requests} req in ${run.seconds} s, c=${r.concurrency}, ${run.errors + run.non200} errors`,
    ]),
    ['server', `${d.name}: authenticated / anonymous throughput`, d.rpsRatio, `goal ≥ 0.9; median of the rounds' ratios ${d.rpsRatioMedian}`],
    ['server', `${d.name}: JWKS fetches during the run`, d.jwksFetches, `target ${d.processes}`],
  ]));
  await section('sign-in', 120_000, () => signInTimes(stack!), (r) => [
    ...r.flows.map((s): Row => ['sign-in', `${s.flow} via CognitoAdapter, median of ${s.runs} (ms)`, s.median, `p95 ${s.summary.p95}`]),
    ['sign-in', 'SRP / USER_PASSWORD_AUTH, median of the per-round ratios', r.ratio.median, `rounds alternate the flows; lowest ${r.ratio.min}, highest ${r.ratio.max}`],
  ]);
  await section('popup', 300_000, () => popupBench(stack!), (r) => {
    // Popup → feed shown after a worker stop vs warm (popup.ts's cache figures).
    budget('cold-warm-ratio', 1.15, Number.isFinite(r.coldRatio) ? r.coldRatio : null, '×');
    budget('feed-from-cache-warm', 50, r.cacheWarm.p50, 'ms');
    // Issue 22: ours against an empty reference worker woken the same way, round by round in the
    // same run, so a busy machine slows both sides of the ratio alike.
    const wakeRatio = r.emptyWakeAnswer.p50 > 0 ? round(r.wakeAnswer.p50 / r.emptyWakeAnswer.p50) : null;
    budget('first-answer-after-wake-ratio', 1.5, wakeRatio, '×', `ours ${r.wakeAnswer.p50} ms, an empty reference worker ${r.emptyWakeAnswer.p50} ms in this run`);
    return [
      ['popup', `open → display name shown, median of ${r.runs} (ms)`, r.medianMs, `p95 ${r.inPage.p95}; from goto: ${r.wall.p50}`],
      ['popup', `first script → first crud from the cache, warm / after a worker stop, median of ${r.runs} (ms)`, `${r.cacheWarm.p50} / ${r.cacheCold.p50}`, `ratio ${r.coldRatio}; p95 ${r.cacheWarm.p95} / ${r.cacheCold.p95}`],
      ['popup', `first message after a worker stop → answer, vs to the running worker, median of ${r.runs} (ms)`, `${r.wakeAnswer.p50} / ${r.warmAnswer.p50}`, `p95 ${r.wakeAnswer.p95} / ${r.warmAnswer.p95}`],
      ['popup', `the same wake of an empty reference worker (one line), median of ${r.runs} (ms)`, r.emptyWakeAnswer.p50, `p95 ${r.emptyWakeAnswer.p95}; ours adds ${round(r.wakeAnswer.p50 - r.emptyWakeAnswer.p50)}`],
      ...r.bundles.map((b): Row => ['bundle', `${b.entry} (${b.files.length} files): raw / gzip (KB)`, `${(b.raw / 1024).toFixed(1)} / ${(b.gzip / 1024).toFixed(1)}`, '']),
    ];
  });
  await section('srp', 900_000, () => srpBench({ cases: srpCases }), (r: SrpResult) => {
    budget('srp-client-ms', 40, r.chromium.native.p50, 'ms');
    return [
      ['srp', `client maths in Chromium, native / library, median of ${r.chromium.cases} (ms)`, `${r.chromium.native.p50} / ${r.chromium.library.p50}`, `${r.chromium.speedup}× faster; goal native ≤ 40`],
      ['srp', `client maths in Node, native / library, median of ${r.node.cases} (ms)`, `${r.node.native.p50} / ${r.node.library.p50}`, `${r.node.speedup}× faster`],
      ['srp', `A, HKDF key and signature differing from the library, ${r.node.cases} random challenges`, r.node.mismatches.length, 'goal 0'],
    ];
  });
  await section('fleet', 60_000, async () => fleet(), (r: FleetResult) => {
    budget('fleet-peak-rps', QUOTA_RPS, r.policies.find((p) => p.policy === 'ours')?.peakRps ?? null, 'requests/s');
    return [
      ['fleet', 'activity model (diurnal)', `${Math.round(r.model.activeShare * 100)} % × ${r.model.sessionsPerDay} sessions/day`, modelSummary(r.model)],
      ...r.policies.map((p): Row => ['fleet', `${p.policy}: peak / p99 Cognito RPS (1-s buckets), 1M installs`, `${p.peakRps} / ${p.p99Rps}`, `${p.calls} calls/day, mean ${p.meanRps}/s; quota ${QUOTA_RPS}`]),
      ['fleet', 'where our policy reaches the quota', r.breaking.activeShare ?? `${r.breaking.sessionsPerDay} sessions/day`, r.breaking.note],
      ['fleet', 'simulation time (ms)', r.ms, 'goal < 60,000'],
    ];
  });
  await section('bundles', 300_000, async () => {
    // As `npm run package` builds it (no stack endpoints baked in): the store's figure.
    const outRoot = await mkdtemp(join(tmpdir(), 'cruddur-bundles-'));
    const build = { dir: (await buildExtension({ targets: ['chrome'], outRoot, quiet: true })).chrome, remove: () => rm(outRoot, { recursive: true, force: true }) };
    try {
      const check = checkBundleBudgets(build.dir);
      return { problems: check.problems, unreferenced: check.unreferenced, entries: check.sizes.map((s) => ({ entry: s.entry, files: s.files, raw: s.raw, gzip: s.gzip, jsGzip: jsGzip(build.dir, s) })) };
    } finally {
      await build.remove();
    }
  }, (r) => {
    for (const [entry, kb] of Object.entries(GZIP_BUDGETS_KB)) {
      const e = r.entries.find((x) => x.entry === entry);
      budget(`${entry}-gzip`, kb, e ? Number((e.jsGzip / 1024).toFixed(1)) : null, 'KB');
    }
    return [
      ...r.entries.map((e): Row => ['bundles', `${e.entry}: JS gzip (KB), ${e.files.length} files`, (e.jsGzip / 1024).toFixed(1), GZIP_BUDGETS_KB[e.entry] ? `budget ${GZIP_BUDGETS_KB[e.entry]}` : '']),
      ['bundles', 'unreferenced files in dist', r.unreferenced.length, r.unreferenced.join(', ') || 'goal 0'],
    ];
  });
  await section('managed-login', 600_000, () => managedLoginBench(stack!), (r) => [
    ...r.doors.map((f): Row => ['managed login', `chromium, ${f.door}: last click of the sign-in → feed, median of ${r.rounds} (ms)`, f.submitToFeed.p50, `p95 ${f.submitToFeed.p95}; first click in the popup → feed ${f.clickToFeed.p50} (a scripted user types in between)`]),
    ['managed login', 'hosted page / SRP, federation / SRP: submit → feed medians', `${r.overSrp.hosted} / ${r.overSrp.federated}`, 'doors alternate round by round'],
  ]);
} finally {
  calls?.restore();
  await stack?.stop();
}

// Targets this branch has no measurement for yet stay in the list (value null, not met) on a
// full run, so a missing figure is never mistaken for a met budget.
if (!only) {
  const have = new Set(budgets.map((b) => b.name));
  for (const [name, goal, unit] of [
    ...Object.entries(GZIP_BUDGETS_KB).map(([entry, kb]) => [`${entry}-gzip`, kb, 'KB'] as const),
    ['cold-warm-ratio', 1.15, '×'],
    ['feed-from-cache-warm', 50, 'ms'],
    ['first-answer-after-wake-ratio', 1.5, '×'],
    ['srp-client-ms', 40, 'ms'],
    ['refresh-calls-real-contexts', 1, 'calls'],
    ['fleet-peak-rps', QUOTA_RPS, 'requests/s'],
  ] as const) {
    if (!have.has(name)) budget(name, goal, null, unit);
  }
}
results.budgets = budgets;
rows.push(...budgetRows(budgets));

results.failures = failures;
results.table = markdownOf(rows);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${tableOf(rows)}\n\nwrote ${out}\n`);
const missed = budgets.filter((b) => !b.met);
if (missed.length > 0) {
  process.stderr.write(`\nbudgets not met:\n${missed.map((b) => `  ${b.name}: ${b.value === null ? 'not measured' : `${b.value} ${b.unit}`} (goal ≤ ${b.goal} ${b.unit})`).join('\n')}\n`);
  process.exitCode = 1;
}
if (failures.length > 0) {
  process.stderr.write(`\nfailed sections:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}
