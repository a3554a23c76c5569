import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, isPortFree } from './ports.ts';

export interface CognitoLocal {
  /** Base URL, e.g. `http://127.0.0.1:9229`; also the prefix of the token issuer. */
  url: string;
  port: number;
  /** Working dir; cognito-local keeps its state in `<dir>/.cognito/`. */
  dir: string;
  /** Kills the child and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartCognitoLocalOptions {
  /** Working dir holding `.cognito/` (created by cognito-local if missing). */
  dir: string;
  /** Port to bind on 127.0.0.1. Default `0`: a free port. */
  port?: number;
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

/** Starts cognito-local as a child process and waits until `/health` answers. */
export async function startCognitoLocal(o: StartCognitoLocalOptions): Promise<CognitoLocal> {
  // A busy fixed port must fail here: otherwise `/health` of whatever holds it would pass.
  if (o.port && !(await isPortFree(o.port))) {
    throw Object.assign(new Error(`Port ${o.port} is busy (cognito-local cannot bind 127.0.0.1:${o.port}).`), {
      code: 'EADDRINUSE',
      port: o.port,
    });
  }
  const port = o.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) };
  if (o.code) env.CODE = o.code;
  else delete env.CODE;

  const child = spawn(process.execPath, [cognitoLocalBin()], {
    cwd: o.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  };

  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      throw new Error(
        `cognito-local exited during start (${spawnError?.message ?? `exit code ${child.exitCode}`}, dir ${o.dir}, port ${port}).\n--- its output ---\n${tail}`,
      );
    }
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`cognito-local did not answer ${url}/health within ${o.timeoutMs ?? 20_000} ms.\n--- its output ---\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, dir: o.dir, stop };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
