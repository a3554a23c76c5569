// `npm run provision` as a user runs it, against a fresh local Cognito (front + cognito-local)
// standing in for AWS: the pool and client it creates must be what the extension and the API
// expect, and its administrative calls are signed with the endpoint's own keys.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cognitoClient, DEMO_USER } from '../../scripts/lib/bootstrap.ts';
import type { LocalCredentials } from '../../scripts/cognito-front/sigv4.ts';
import { startLocalCognito, type LocalCognito } from '../../scripts/lib/local-cognito.ts';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Runs provision signing with `credentials` (as the environment passes them). */
async function provision(credentials: LocalCredentials, ...args: string[]) {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  const { stdout } = await promisify(execFile)(tsx, ['scripts/provision.ts', ...args], { cwd: root, env });
  return stdout;
}

interface Provisioned {
  region: string;
  userPoolId: string;
  clientId: string;
  endpoint?: string;
  demoUser?: { email: string; password: string };
}

describe('npm run provision against a Cognito endpoint', () => {
  let local: LocalCognito;
  let cognito: { url: string; credentials: LocalCredentials };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cruddur-provision-'));
    local = await startLocalCognito({ dir });
    cognito = { url: local.url, credentials: local.front.credentials };
  });
  afterAll(async () => {
    await local?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  let first: Provisioned;

  it('creates a pool with email usernames, the default password policy and the sign-up attributes', async () => {
    first = JSON.parse(await provision(cognito.credentials, '--endpoint', cognito.url, '--region', 'eu-west-1', '--json')) as Provisioned;
    expect(first).toMatchObject({ region: 'eu-west-1', endpoint: cognito.url });

    const sdk = cognitoClient({ region: 'eu-west-1', endpoint: cognito.url, credentials: cognito.credentials });
    const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: first.userPoolId }));
    sdk.destroy();
    expect(UserPool).toMatchObject({
      Name: 'cruddur',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    const attributes = Object.fromEntries((UserPool?.SchemaAttributes ?? []).map((a) => [a.Name, a]));
    expect(attributes.name).toMatchObject({ Required: true, Mutable: true });
    expect(attributes.preferred_username).toMatchObject({ Required: true, Mutable: true });
  });

  it('creates a public client with SRP, password and refresh flows and 1 h tokens', async () => {
    const sdk = cognitoClient({ region: 'eu-west-1', endpoint: cognito.url, credentials: cognito.credentials });
    const { UserPoolClient } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: first.userPoolId, ClientId: first.clientId }),
    );
    sdk.destroy();
    expect(UserPoolClient).toMatchObject({
      ClientName: 'cruddur-companion',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    });
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
  });

  it('reuses the same pool and client when run again, and can add the demo user', async () => {
    const again = JSON.parse(
      await provision(cognito.credentials, '--endpoint', cognito.url, '--region', 'eu-west-1', '--demo-user', '--json'),
    ) as Provisioned;
    expect(again).toMatchObject({ userPoolId: first.userPoolId, clientId: first.clientId });
    expect(again.demoUser?.email).toBe(DEMO_USER.email);

    // The demo user is confirmed with a permanent password: it signs in straight away.
    const sdk = cognitoClient({ region: 'eu-west-1', endpoint: cognito.url, credentials: cognito.credentials });
    const signedIn = await sdk.send(
      new InitiateAuthCommand({
        ClientId: first.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: DEMO_USER.email, PASSWORD: DEMO_USER.password },
      }),
    );
    sdk.destroy();
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('prints the options-page values and the API environment for people', async () => {
    const text = await provision(cognito.credentials, '--endpoint', cognito.url, '--region', 'eu-west-1');
    expect(text).toContain(`User pool ID    ${first.userPoolId}`);
    expect(text).toContain(`App client ID   ${first.clientId}`);
    expect(text).toContain(`COGNITO_USER_POOL_ID=${first.userPoolId}`);
    expect(text).toContain(`COGNITO_CLIENT_IDS=${first.clientId}`);
    expect(text).toContain(`COGNITO_ISSUER=${cognito.url}/${first.userPoolId}`);
  });

  it('finds the pool the test stack already made instead of making a second one', async () => {
    const stack = inject('stack');
    const found = JSON.parse(await provision(stack.credentials, '--endpoint', stack.cognitoUrl, '--json')) as Provisioned;
    expect(found).toMatchObject({ userPoolId: stack.userPoolId, clientId: stack.clientId });
  });
});
