/**
 * `npm run bench`: starts a local stack (cognito-local, the Cognito front, the API) on free
 * ports, runs every benchmark against it, prints one table and writes bench/results.json.
 * `npm run bench -- --only=refresh,hot` runs some sections (refresh, hour, hot, server,
 * sign-in, popup).
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
import { withTimeout } from './stats.ts';
import { markdownOf, tableOf, type Row } from './table.ts';

type Section = 'refresh' | 'hour' | 'hot' | 'server' | 'sign-in' | 'popup';

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (s: Section) => !only || only.includes(s);
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

const stack = await startLocalStack();
const calls = countCognitoCalls(stack.cognitoUrl);
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

  await section('refresh', 60_000, () => refreshBurst(stack, calls), (r) => [
    ['refresh burst', `Cognito refresh calls, ${r.callers} concurrent feed loads on an expired token`, r.refreshCalls, 'target 1'],
    ['refresh burst', 'burst latency p50 / p95, expired token (ms)', `${r.expired.p50} / ${r.expired.p95}`, `valid token: ${r.valid.p50} / ${r.valid.p95}`],
    ['refresh burst', 'failed feed loads', r.failed, 'target 0'],
  ]);
  await section('hour', 60_000, () => simulatedHour(), (r) => [
    ...r.phases.map((p): Row => ['simulated hour', `refresh calls, ${p.name} (min ${p.fromMin}–${p.toMin})`, p.refreshes, `${p.inCallerPath} in a caller's path, ${p.apiCalls} API calls`]),
    ['simulated hour', `refresh calls in the hour, ${r.tokenLifetimeSeconds / 60}-minute tokens`, r.total, `a timer all hour: ${r.alwaysOnTimer}`],
  ]);
  await section('hot', 120_000, () => hotPath(stack, calls), (r) => [
    ['hot path', `feed via background (ApiClient) p50 / p95 (ms), ${r.rounds} loads`, `${r.background.p50} / ${r.background.p95}`, ''],
    ['hot path', 'feed via direct fetch p50 / p95 (ms)', `${r.direct.p50} / ${r.direct.p95}`, ''],
    ['hot path', 'ratio background / direct, p50 / p95', `${r.ratioP50} / ${r.ratioP95}`, ''],
    ['hot path', 'Cognito calls on the hot path', r.cognitoCalls, 'target 0'],
  ]);
  await section('server', 120_000, () => serverLoad(stack), (r) => [
    ...r.runs.map((run): Row => [
      'server',
      `GET /api/activities/home ${run.name}: req/s, p99 (ms)`,
      `${run.rps}, ${run.latency.p99}`,
      `${run.requests} req in ${run.seconds} s, c=${r.concurrency}, ${run.errors + run.non200} errors`,
    ]),
    ['server', 'authenticated / anonymous throughput', r.rpsRatio, ''],
    ['server', 'JWKS fetches during the run', r.jwksFetches, 'target 1'],
  ]);
  await section('sign-in', 120_000, () => signInTimes(stack), (r) =>
    r.map((s): Row => ['sign-in', `${s.flow} via CognitoAdapter, median of ${s.runs} (ms)`, s.median, `p95 ${s.summary.p95}`]),
  );
  await section('popup', 300_000, () => popupBench(stack), (r) => [
    ['popup', `open → display name shown, median of ${r.runs} (ms)`, r.medianMs, `p95 ${r.inPage.p95}; from goto: ${r.wall.p50}`],
    ...r.bundles.map((b): Row => ['bundle', `${b.entry} (${b.files.length} files): raw / gzip (KB)`, `${(b.raw / 1024).toFixed(1)} / ${(b.gzip / 1024).toFixed(1)}`, '']),
  ]);
} finally {
  calls.restore();
  await stack.stop();
}

results.failures = failures;
results.table = markdownOf(rows);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${tableOf(rows)}\n\nwrote ${out}\n`);
if (failures.length > 0) {
  process.stderr.write(`\nfailed sections:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}
