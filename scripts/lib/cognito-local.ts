/**
 * cognito-local as a child process that no web page can reach: it listens on a Unix socket in a
 * private temp dir (mode 0700), never on a TCP port, and only the Cognito front talks to it.
 *
 * How, through cognito-local's documented configuration (its README, "Configuration"):
 * `.cognito/config.json` takes `ServerConfig`, "any setting you would pass to the Express server";
 * cognito-local passes `ServerConfig.port` to Node's `server.listen(port, hostname)`, and Node
 * listens on a path when that argument is not a number (https://nodejs.org/api/net.html#serverlistenpath-backlog-callback).
 * Its own start script expects this: it prints a string address as is (lib/bin/start.js). Its
 * `PORT` env var cannot do it (it is parsed as an integer). `TokenConfig.IssuerDomain`, from the
 * same file, makes the tokens' `iss` the front's URL, since cognito-local's own is unreachable.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { upstreamHealthy } from '../cognito-front/upstream.ts';

export interface CognitoLocal {
  /** The Unix socket it listens on. */
  socketPath: string;
  /** Working dir; cognito-local keeps its state in `<dir>/.cognito/`. */
  dir: string;
  /** Kills the child and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartCognitoLocalOptions {
  /** Working dir holding `.cognito/` (created by cognito-local if missing). */
  dir: string;
  /** Where to listen (see newSocketPath); its directory is removed on stop. */
  socketPath: string;
  /** The tokens' issuer domain, e.g. the front's `http://127.0.0.1:9230` (`iss` = `<domain>/<poolId>`). */
  issuerDomain: string;
  /** Makes every emailed code this fixed value (cognito-local's `CODE` env var). */
  code?: string;
  /** Default `true`: the child's output is kept (for error reports) but not echoed. */
  quiet?: boolean;
  /** How long to wait for `GET /health`. Default 20 s (it answers in ~1 s on this machine). */
  timeoutMs?: number;
}

/** Absolute path to cognito-local's CLI, resolved from this project's node_modules. */
export function cognitoLocalBin(): string {
  const pkg = createRequire(import.meta.url).resolve('cognito-local/package.json');
  return join(dirname(pkg), 'lib', 'bin', 'start.js');
}

/**
 * Writes cognito-local's `.cognito/config.json`: the socket and the issuer, over whatever else a
 * developer put there. Throws (naming the file) when that file is not JSON.
 */
export function writeCognitoConfig(dir: string, socketPath: string, issuerDomain: string): void {
  if (!existsSync(dir)) throw new Error(`cognito-local's working dir ${dir} does not exist.`);
  const path = join(dir, '.cognito', 'config.json');
  let config: Record<string, Record<string, unknown>> = {};
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as typeof config;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path} is not JSON: fix or delete it.`, { cause: error });
  }
  const next = {
    ...config,
    ServerConfig: { ...config.ServerConfig, port: socketPath, hostname: '127.0.0.1' },
    TokenConfig: { ...config.TokenConfig, IssuerDomain: issuerDomain },
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`);
}

/** A fresh socket path: short (sockets allow ~100 bytes), in a new dir only this user can enter. */
export function newSocketPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'cruddur-cognito-')), 'cognito-local.sock');
}

/** Starts cognito-local as a child process on `socketPath` and waits until `/health` answers. */
export async function startCognitoLocal(o: StartCognitoLocalOptions): Promise<CognitoLocal> {
  const { socketPath } = o;
  const socketDir = dirname(socketPath);
  try {
    writeCognitoConfig(o.dir, socketPath, o.issuerDomain);
  } catch (error) {
    rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PORT;
  delete env.HOST;
  if (o.code) env.CODE = o.code;
  else delete env.CODE;

  const child = spawn(process.execPath, [cognitoLocalBin()], { cwd: o.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep a bounded tail of its output: the only useful clue when it dies at start.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    if (o.quiet === false) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = false;
  let spawnError: Error | undefined;
  // 'error' (e.g. a missing cwd) may come without 'exit'; either one means the child is gone.
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  }).then(() => {
    exited = true;
  });

  // If our process ends without stop() (a crash, a test runner exiting), do not leave an orphan.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(socketDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(
        `cognito-local exited during start (${spawnError?.message ?? `exit code ${child.exitCode}`}, dir ${o.dir}).\n--- its output ---\n${tail}`,
      );
    }
    if (await upstreamHealthy(socketPath)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`cognito-local did not answer on ${socketPath} within ${o.timeoutMs ?? 20_000} ms.\n--- its output ---\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { socketPath, dir: o.dir, stop };
}
