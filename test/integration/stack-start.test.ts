// What `npm start` does (scripts/lib/dev-stack.ts), run in a temp project root on free ports so
// it never touches the real `.local/` or `.env.local`.
import { createServer, type Server } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_STEPS, StartError, runDevStack, type DevStack } from '../../scripts/lib/dev-stack.ts';
import { readConfirmationCode } from '../../scripts/lib/codes.ts';
import { readCredentials } from '../../scripts/lib/local-credentials.ts';
import { freePort, isPortFree } from '../../scripts/lib/ports.ts';
import { cognitoCall } from '../support/cognito-call.ts';

describe('npm start in a fresh project folder', () => {
  let root: string;
  let ports: { frontPort: number; apiPort: number; webAppPort: number; oidcProviderPort: number };
  let running: DevStack | undefined;
  const lines: string[] = [];
  const start = (build = false) =>
    runDevStack({ root, ...ports, openBrowser: false, build, log: (line) => lines.push(line) });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cruddur-start-'));
    ports = { frontPort: await freePort(), apiPort: await freePort(), webAppPort: await freePort(), oidcProviderPort: await freePort() };
  });
  afterAll(async () => {
    await running?.stop();
    await rm(root, { recursive: true, force: true });
  });

  let firstPool: string;

  // Two production builds: well past the project's 30 s default on a busy machine.
  it('brings everything up, builds both extensions and prints one summary with URLs, demo user and where codes are', { timeout: 180_000 }, async () => {
    running = await start(true);
    const summary = lines.join('\n');
    const state = JSON.parse(await readFile(join(root, '.local', 'stack.json'), 'utf8')) as { userPoolId: string };
    firstPool = state.userPoolId;
    expect(summary).toContain(`http://127.0.0.1:${ports.frontPort}`);
    expect(summary).toContain(`http://127.0.0.1:${ports.apiPort}`);
    expect(summary).toContain('demo@cruddur.local / Cruddur!2026');
    // It says what it does while it works, and points at the codes it prints, not at a database file.
    for (const step of [START_STEPS.cognito, START_STEPS.poolCreated, START_STEPS.api, START_STEPS.build]) expect(lines).toContain(step);
    expect(summary).toMatch(/^ {2}Confirmation codes {7}printed below as each is sent/m);
    expect(summary).not.toContain('.cognito/db');
    expect(summary).toMatch(/toolbar button, marked with a dot, to "Continue as"/);
    expect(summary).not.toContain('not built');
    expect(summary).not.toContain('build failed');
    // The stand-in web app on WEB_APP_PORT (a free port here, so it always starts).
    expect(summary).toMatch(new RegExp(`^ {2}Cruddur web app {10}http://localhost:${ports.webAppPort} .*stand-in`, 'm'));
    // Managed login on the front's host name, and the stand-in OpenID provider with its demo account.
    expect(summary).toMatch(new RegExp(`^ {2}Managed login {12}http://localhost:${ports.frontPort} `, 'm'));
    expect(summary).toMatch(new RegExp(`^ {2}Stand-in provider {8}http://localhost:${ports.oidcProviderPort} .*casey@stand-in-idp.local / StandIn!2026`, 'm'));
    // Both builds point at this stack, with host access to its API and nothing broader.
    for (const target of ['chrome', 'firefox']) {
      const manifest = JSON.parse(await readFile(join(root, 'dist', target, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
      expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    }

    const home = await fetch(`http://127.0.0.1:${ports.apiPort}/api/activities/home`, { headers: { origin: `http://localhost:${ports.webAppPort}` } });
    expect(home.status).toBe(200);
    // The API's CORS origin follows WEB_APP_PORT.
    expect(home.headers.get('access-control-allow-origin')).toBe(`http://localhost:${ports.webAppPort}`);
  });

  it('writes .env.local with exactly the extension keys', async () => {
    const text = await readFile(join(root, '.env.local'), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env).toEqual({
      VITE_COGNITO_REGION: 'us-east-1',
      VITE_COGNITO_USER_POOL_ID: firstPool,
      VITE_COGNITO_CLIENT_ID: expect.stringMatching(/^\w+$/),
      VITE_COGNITO_ENDPOINT: `http://127.0.0.1:${ports.frontPort}`,
      VITE_AUTH_FLOW: 'USER_SRP_AUTH',
      VITE_API_URL: `http://127.0.0.1:${ports.apiPort}`,
      VITE_WEB_APP_ORIGINS: `http://localhost:${ports.webAppPort}`,
      // The popup's managed login: the front's host name, and the stand-in provider it runs.
      VITE_MANAGED_LOGIN_DOMAIN: `http://localhost:${ports.frontPort}`,
      VITE_IDENTITY_PROVIDERS: 'StandIn',
    });
  });

  it('refuses a second start while the first runs, naming the busy port and the variable to change', async () => {
    const error = await start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(
      `Port ${ports.frontPort} is busy — is another \`npm start\` running? Stop it or set COGNITO_FRONT_PORT=<another port>.`,
    );
  });

  it('keeps its IAM credentials in .local/credentials.json, readable by this user only, and signs with them', async () => {
    const path = join(root, '.local', 'credentials.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const credentials = readCredentials(path);
    expect(credentials).toEqual({ accessKeyId: expect.stringMatching(/^AKIA[A-Z0-9]{16}$/), secretAccessKey: expect.stringMatching(/^.{40}$/) });
    const url = `http://127.0.0.1:${ports.frontPort}`;
    const state = JSON.parse(await readFile(join(root, '.local', 'stack.json'), 'utf8')) as { userPoolId: string };
    expect((await cognitoCall(url, 'ListUsers', { UserPoolId: state.userPoolId })).errorType).toBe('MissingAuthenticationTokenException');
    expect((await cognitoCall(url, 'ListUsers', { UserPoolId: state.userPoolId }, credentials)).status).toBe(200);
  });

  it('reuses the same pool and the same credentials after a restart', async () => {
    const keys = await readFile(join(root, '.local', 'credentials.json'), 'utf8');
    await running?.stop();
    running = undefined;
    lines.length = 0;
    running = await start();
    expect(await readFile(join(root, '.local', 'credentials.json'), 'utf8')).toBe(keys);
    const state = JSON.parse(await readFile(join(root, '.local', 'stack.json'), 'utf8')) as { userPoolId: string };
    expect(state.userPoolId).toBe(firstPool);
    expect(lines.join('\n')).toContain(`pool ${firstPool}`);
    expect(lines).toContain(START_STEPS.poolReused);
  });

  it('prints each code as the front sends it: "code for <email>: <code>"', async () => {
    const env = await readFile(join(root, '.env.local'), 'utf8');
    const clientId = /^VITE_COGNITO_CLIENT_ID=(\w+)$/m.exec(env)?.[1];
    const email = `printed-${Date.now()}@cruddur.local`;
    const res = await fetch(`http://127.0.0.1:${ports.frontPort}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: JSON.stringify({
        ClientId: clientId,
        Username: email,
        Password: 'Str0ng-Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Printed' }, { Name: 'preferred_username', Value: 'printed' }],
      }),
    });
    expect(res.status).toBe(200);
    const code = await readConfirmationCode(join(root, '.local', 'cognito'), firstPool, email);
    expect(lines).toContain(`code for ${email}: ${code} (sign-up)`);
  });

  it('frees its ports on stop', async () => {
    await running?.stop();
    running = undefined;
    for (const port of Object.values(ports)) {
      const server: Server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses to start over a damaged database, naming the file and the way out, with nothing left running', async () => {
    const file = join(root, '.local', 'cognito', '.cognito', 'db', `${firstPool}.json`);
    await writeFile(file, `${await readFile(file, 'utf8')} }`);
    const error = await start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(
      `cognito-local's database is damaged (not JSON): .local/cognito/.cognito/db/${firstPool}.json. ` +
        'Delete .local/cognito to start over with a fresh pool and demo user.',
    );
    expect(await isPortFree(ports.frontPort)).toBe(true);
  });
});
