/**
 * The API under load on loopback: authenticated vs anonymous `GET /api/activities/home`, same
 * run, bounded in time and count, with each server in its own process (its own event loop), in
 * two deployments: one process on its embedded PGlite, and two processes sharing one real
 * PostgreSQL (server/testing/postgres.ts) with requests spread over them in turn, as a load
 * balancer would. Rate limits and the revocation list are shared through PostgreSQL there, so
 * its ratio is the one that says whether the authenticated path costs what it should.
 * JWKS fetches during a run come from the servers' own counters (target 1 per process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { startTestPostgres } from '../server/testing/postgres.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import { pairRatios, percentile, round, START_TIMEOUT_MS, summarise, withTimeout, type Summary } from './stats.ts';

export interface LoadRun {
  name: string;
  requests: number;
  errors: number;
  non200: number;
  seconds: number;
  rps: number;
  latency: Summary;
}

export interface Deployment {
  name: string;
  processes: number;
  store: 'pglite' | 'postgresql';
  runs: LoadRun[];
  /** authenticated rps / anonymous rps, over all rounds. */
  rpsRatio: number;
  /**
   * The median of the rounds' own ratios (each round: both kinds back to back): steadier than `rpsRatio` on a machine other jobs load, where one slow round skews sums.
   */
  rpsRatioMedian: number;
  /** Summed over the processes. */
  jwksFetches: number;
}

export interface ServerLoadResult extends Deployment {
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
  /** Every deployment measured; the fields above repeat the last (2 processes on PostgreSQL). */
  deployments: Deployment[];
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}

interface Sample {
  latencies: number[];
  errors: number;
  non200: number;
  seconds: number;
}

function merge(name: string, samples: Sample[]): LoadRun {
  const latencies = samples.flatMap((s) => s.latencies);
  const seconds = samples.reduce((a, s) => a + s.seconds, 0);
  return {
    name,
    requests: latencies.length,
    errors: samples.reduce((a, s) => a + s.errors, 0),
    non200: samples.reduce((a, s) => a + s.non200, 0),
    seconds: round(seconds),
    rps: Math.round(latencies.length / seconds),
    latency: summarise(latencies),
  };
}

/** Requests from `concurrency` workers; request i goes to `urls[i % urls.length]` (round robin). */
async function load(urls: URL[], headers: Record<string, string>, o: { concurrency: number; maxRequests: number; maxSeconds: number }): Promise<Sample> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  let non200 = 0;
  const t0 = performance.now();
  const deadline = t0 + o.maxSeconds * 1000;
  const worker = async () => {
    while (started < o.maxRequests && performance.now() < deadline) {
      const url = urls[started % urls.length] as URL;
      started += 1;
      const t = performance.now();
      try {
        const status = await get(agent, url, headers);
        if (status !== 200) non200 += 1;
        latencies.push(performance.now() - t);
      } catch {
        errors += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { latencies, errors, non200, seconds: (performance.now() - t0) / 1000 };
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((done) => {
    const on = (m: unknown) => {
      if (typeof m === 'object' && m !== null && key in m) {
        child.off('message', on);
        done((m as Record<string, T>)[key] as T);
      }
    };
    child.on('message', on);
    if (message) child.send(message);
  });
}

/** The API child's URL once it listens; a clear error if it fails, exits or outlasts `ms`. */
export function childStarted(child: Pick<ChildProcess, 'on' | 'off'>, ms: number): Promise<string> {
  const what = 'the API server child process (bench/api-child.ts)';
  let onMessage: (m: unknown) => void = () => undefined;
  let onExit: (code: number | null) => void = () => undefined;
  const started = new Promise<string>((resolve, reject) => {
    onMessage = (m) => {
      if (typeof m !== 'object' || m === null) return;
      if ('url' in m) resolve(String(m.url));
      if ('error' in m) reject(new Error(`${what} could not start: ${String(m.error)}`));
    };
    onExit = (code) => reject(new Error(`${what} exited (code ${code}) before it listened`));
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
  return withTimeout(started, ms, `${what} did not listen (tsx compiles the server first; on a loaded machine raise BENCH_START_TIMEOUT_MS)`).finally(() => {
    child.off('message', onMessage);
    child.off('exit', onExit);
  });
}

type Options = { concurrency: number; maxRequests: number; maxSeconds: number };

/** Starts one API child process (bench/api-child.ts) with these options; resolves once it listens. */
async function startChild(options: Record<string, unknown>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(resolve(import.meta.dirname, 'api-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_API_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return { child, url: await childStarted(child, START_TIMEOUT_MS) };
  } catch (e) {
    child.kill();
    throw e;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  if (child.connected) child.send('close');
  await withTimeout(new Promise((done) => child.once('exit', done)), 5000, 'API child exit').catch(() => child.kill());
}

async function measure(
  stack: StackInfo, accessToken: string, o: Options,
  deployment: { name: string; processes: number; databaseUrl?: string },
): Promise<Deployment> {
  const options = {
    issuer: stack.issuer,
    jwksUri: `${stack.issuer}/.well-known/jwks.json`,
    userPoolId: stack.userPoolId,
    region: stack.region,
    clientIds: [stack.clientId],
    cognitoEndpoint: stack.cognitoUrl,
    local: true,
    databaseUrl: deployment.databaseUrl,
    // The limiter stays on (its cost is part of every request), with limits this load never
    // reaches: a 429 would measure the limiter's refusal, not the API.
    rateLimits: { readsPerUser: { points: 1e9, seconds: 60 }, readsPerAddress: { points: 1e9, seconds: 60 } },
  };
  const children: ChildProcess[] = [];
  try {
    // One after the other: processes starting together is the integration tests' concern.
    const urls: URL[] = [];
    for (let i = 0; i < deployment.processes; i += 1) {
      const started = await startChild(options);
      children.push(started.child);
      urls.push(new URL('/api/activities/home', started.url));
    }
    const auth = { Accept: 'application/json', Authorization: `Bearer ${accessToken}` };
    const anon = { Accept: 'application/json' };
    // Warm-up: JIT, the first GetUser for this user in each process, the JWKS download.
    await load(urls, auth, { concurrency: 4, maxRequests: 200, maxSeconds: 2 });
    await load(urls, anon, { concurrency: 4, maxRequests: 200, maxSeconds: 2 });
    // Alternate the two kinds in short rounds (A B A B …), so warm-up, GC and the load of a
    // shared machine hit both alike.
    const rounds = 6;
    const per = { ...o, maxRequests: Math.ceil(o.maxRequests / rounds), maxSeconds: o.maxSeconds / rounds };
    const parts: { anonymous: Sample[]; authenticated: Sample[] } = { anonymous: [], authenticated: [] };
    // Which kind goes first alternates too (A B, B A, …), so neither always follows the other's garbage.
    for (let i = 0; i < rounds; i += 1) {
      if (i % 2 === 0) parts.anonymous.push(await load(urls, anon, per));
      parts.authenticated.push(await load(urls, auth, per));
      if (i % 2 === 1) parts.anonymous.push(await load(urls, anon, per));
    }
    const runs = [merge('anonymous', parts.anonymous), merge('authenticated', parts.authenticated)];
    const stats = await Promise.all(children.map((c) => withTimeout(ask<{ jwksFetches: number }>(c, 'stats', 'stats'), 5000, 'API stats')));
    const [anonymous, authenticated] = runs as [LoadRun, LoadRun];
    const rps = (x: Sample) => x.latencies.length / x.seconds;
    return {
      name: deployment.name,
      processes: deployment.processes,
      store: deployment.databaseUrl ? 'postgresql' : 'pglite',
      runs,
      rpsRatio: round(authenticated.rps / anonymous.rps),
      rpsRatioMedian: round(percentile(pairRatios(parts.authenticated.map(rps), parts.anonymous.map(rps)), 50)),
      jwksFetches: stats.reduce((a, s) => a + s.jwksFetches, 0),
    };
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

export async function serverLoad(stack: StackInfo, o: Options = { concurrency: 16, maxRequests: 3000, maxSeconds: 3 }): Promise<ServerLoadResult> {
  const { tokens } = await readyUser(stack, 'bench-load');
  const single = await measure(stack, tokens.accessToken, o, { name: '1 process, PGlite', processes: 1 });
  const postgres = await startTestPostgres();
  try {
    const cluster = await measure(stack, tokens.accessToken, o, { name: '2 processes, one PostgreSQL', processes: 2, databaseUrl: postgres.url });
    return { ...o, ...cluster, deployments: [single, cluster] };
  } finally {
    await postgres.stop();
  }
}
