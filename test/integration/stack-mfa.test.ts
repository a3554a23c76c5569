// `COGNITO_MFA` for `npm start` (scripts/lib/dev-stack.ts): the demo pool requires MFA, says so
// once, and keeps the setting across a restart that does not name it. Run in a temp project
// root on free ports, so it never touches the real `.local/`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../scripts/lib/bootstrap.ts';
import { runDevStack, type DevStack } from '../../scripts/lib/dev-stack.ts';
import type { PoolMfaMode } from '../../scripts/lib/pool-mfa.ts';
import { credentialsPath, readCredentials } from '../../scripts/lib/local-credentials.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { cognitoCall } from '../support/cognito-call.ts';

// A start builds the stand-in web app's page, which takes tens of seconds on a loaded machine.
const START_MS = 120_000;

describe('npm start with COGNITO_MFA', () => {
  let root: string;
  let ports: { frontPort: number; apiPort: number };
  let running: DevStack | undefined;
  const lines: string[] = [];
  const start = (mfa?: PoolMfaMode) => runDevStack({ root, ...ports, openBrowser: false, build: false, mfa, log: (line) => lines.push(line) });
  // Signed with the keys npm start keeps in .local/ (GetUserPoolMfaConfig is an IAM operation).
  const call = async (op: string, body: object) =>
    (await cognitoCall(`http://127.0.0.1:${ports.frontPort}`, op, body, readCredentials(credentialsPath(root)))).body;
  const poolId = async () => (JSON.parse(await readFile(join(root, '.local', 'stack.json'), 'utf8')) as { userPoolId: string }).userPoolId;
  const demoSignIn = async () => {
    const { clientId } = JSON.parse(await readFile(join(root, '.local', 'stack.json'), 'utf8')) as { clientId: string };
    return call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: DEMO_USER.email, PASSWORD: DEMO_USER.password } });
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cruddur-start-mfa-'));
    ports = { frontPort: await freePort(), apiPort: await freePort() };
  });
  afterAll(async () => {
    await running?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('COGNITO_MFA=ON makes the demo pool require MFA (authenticator app and email codes) and says so', async () => {
    running = await start('ON');
    expect(lines).toContain(
      'Two-step verification: ON (COGNITO_MFA), required for every user: the first sign-in sets up an authenticator app; email codes are printed like the others.',
    );
    expect(await call('GetUserPoolMfaConfig', { UserPoolId: await poolId() })).toMatchObject({
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: expect.any(Object),
    });
    expect(await demoSignIn()).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
  }, START_MS);

  it('a restart without COGNITO_MFA keeps the setting; COGNITO_MFA=OFF turns it off', async () => {
    await running?.stop();
    lines.length = 0;
    running = await start();
    expect(lines.some((l) => l.startsWith('Two-step verification'))).toBe(false);
    expect((await call('GetUserPoolMfaConfig', { UserPoolId: await poolId() })).MfaConfiguration).toBe('ON');
    await running.stop();
    running = await start('OFF');
    expect((await call('GetUserPoolMfaConfig', { UserPoolId: await poolId() })).MfaConfiguration).toBe('OFF');
    expect(await demoSignIn()).toHaveProperty('AuthenticationResult.AccessToken');
  }, 3 * START_MS);
});
