// The CLI as a user runs it: one clear line and exit 1 on bad config or a busy port; a URL on
// start; a clean exit 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
let fake: FakeCognito;
beforeAll(async () => {
  fake = await startFakeCognito();
});
afterAll(async () => {
  await fake?.close();
});

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs main.ts; `onStdout` may signal the process once it printed something. */
function run(env: NodeJS.ProcessEnv, onStdout?: (text: string, kill: () => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const env = () => ({
  COGNITO_LOCAL: '1', COGNITO_ISSUER: fake.issuer, COGNITO_USER_POOL_ID: fake.poolId,
  COGNITO_REGION: 'us-east-1', COGNITO_CLIENT_IDS: fake.clientId, HOST: '127.0.0.1',
});

describe('server/main.ts', { timeout: 30_000 }, () => {
  it('missing configuration → one line naming the variables, exit 1, no stack', async () => {
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('cruddur-api: missing configuration: set COGNITO_USER_POOL_ID, COGNITO_CLIENT_IDS, COGNITO_ISSUER, COGNITO_REGION');
  });

  it('busy port → one line naming the port, exit 1, no stack', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await run({ ...env(), PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`cruddur-api: port ${port} on 127.0.0.1 is already in use (set PORT to another port)`);
    } finally {
      blocker.close();
    }
  });

  it('starts, prints its URL, answers /health, and exits 0 on SIGTERM', async () => {
    let health: unknown;
    const r = await run({ ...env(), PORT: '0' }, (text, kill) => {
      const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
      if (!url || health !== undefined) return;
      health = null;
      fetch(`${url}/health`).then((res) => res.json()).then((body) => (health = body)).finally(kill);
    });
    expect(r.stdout).toMatch(/^Cruddur API listening on http:\/\/127\.0\.0\.1:\d+ \(issuer http:\/\/127\.0\.0\.1:\d+\/local_testpool, in-memory PGlite\)\nRate limits: posts 10\/60 s per user, 30\/60 s per address; reads 120\/60 s per user, 120\/60 s per address; client address from the TCP peer \(X-Forwarded-For ignored; see TRUST_PROXY\)\nSIGTERM: stopping the API\n$/);
    expect(health).toEqual({ ok: true });
    expect(r.code).toBe(0);
  });
});
