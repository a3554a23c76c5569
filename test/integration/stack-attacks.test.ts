/**
 * Issue 20, "a local stack no web page can drive", tried as an attacker would: an ordinary page
 * on another loopback port, in real Chromium, against the running stack. It may call what AWS lets
 * any page call (SignUp, InitiateAuth), but it can neither list users nor change anyone's
 * password, on the front (unsigned, or signed with keys it made up) or on cognito-local (which
 * has no TCP port at all), nor reach the front under a rebinding host name.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_PATH } from '../support/browser-chromium.ts';
import { readyUser, signIn, stackCognito, type TestUser } from '../support/users.ts';

const stack = inject('stack');
const REBINDING_HOST = 'rebind.attacker.test';

let server: Server;
let pageOrigin: string;
let browser: Browser;
let page: Page;
let victim: TestUser;

beforeAll(async () => {
  ({ user: victim } = await readyUser(stack, 'victim'));
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>An ordinary page</title><p>Nothing to see.</p>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  // The rebinding domain resolves to this machine, as an attacker's DNS would make it.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--host-resolver-rules=MAP ${REBINDING_HOST} 127.0.0.1`],
  });
  page = await browser.newPage();
  await page.goto(pageOrigin);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** A Cognito call made by the page's own script: what it can read of the answer. */
function pageCall(url: string, op: string, body: object, headers: Record<string, string> = {}) {
  return page.evaluate(
    async ([url, op, body, headers]) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}`, ...headers },
          body: JSON.stringify(body),
        });
        return { status: res.status, type: res.headers.get('x-amzn-errortype'), text: await res.text() };
      } catch (error) {
        return { status: 0, type: 'unreachable', text: String(error) };
      }
    },
    [url, op, body, headers] as const,
  );
}

describe('an ordinary page on another loopback port', () => {
  it('cannot list users: ListUsers unsigned is MissingAuthenticationTokenException, and the answer names nobody', async () => {
    const r = await pageCall(stack.cognitoUrl, 'ListUsers', { UserPoolId: stack.userPoolId });
    expect(r).toMatchObject({ status: 400, type: 'MissingAuthenticationTokenException' });
    expect(r.text).not.toContain(victim.email);
  });

  it.each([
    ['unsigned', 'MissingAuthenticationTokenException', {}],
    ['with a signature over keys it made up', 'UnrecognizedClientException', { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAPAGE000000000000/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64), 'x-amz-date': '20260101T000000Z' }],
  ])("cannot change the victim's password %s: %s, and the old password still signs in", async (_case, type, headers) => {
    const attack = { UserPoolId: stack.userPoolId, Username: victim.email, Password: 'Pwned!2026aA', Permanent: true };
    expect(await pageCall(stack.cognitoUrl, 'AdminSetUserPassword', attack, headers)).toMatchObject({ status: 400, type });
    await expect(signIn(stack, victim)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('can still call what AWS lets any page call (a public operation answers, CORS and all)', async () => {
    const r = await pageCall(stack.cognitoUrl, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stack.clientId, AuthParameters: { USERNAME: victim.email, PASSWORD: 'guess' } });
    expect(r).toMatchObject({ status: 400, type: 'NotAuthorizedException' });
  });

  it('cannot reach the front under a rebinding host name: its preflight is refused (421), so the call never goes', async () => {
    const rebound = stack.cognitoUrl.replace('127.0.0.1', REBINDING_HOST);
    await page.goto(pageOrigin.replace('127.0.0.1', REBINDING_HOST));
    try {
      const r = await pageCall(rebound, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stack.clientId, AuthParameters: { USERNAME: victim.email, PASSWORD: victim.password } });
      expect(r).toMatchObject({ status: 0, type: 'unreachable', text: expect.stringContaining('Failed to fetch') });
      // What the page's preflight met, asked the same way from here:
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(stack.cognitoUrl, { method: 'OPTIONS', headers: { host: new URL(rebound).host, origin: new URL(rebound).origin } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(421);
    } finally {
      await page.goto(pageOrigin);
    }
  });

  it('has no cognito-local to reach: it listens on a Unix socket, on no TCP port at all', () => {
    const pid = readdirSync('/proc').find((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('cognito-local/lib/bin/start.js') && readlinkSync(`/proc/${p}/cwd`) === stack.dir;
      } catch {
        return false; // gone, or not ours to read
      }
    });
    expect(pid).toBeDefined();
    const inodes = new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
        } catch {
          return [];
        }
      }),
    );
    // Listening TCP sockets (state 0A) of the whole machine: none is cognito-local's.
    const tcpListeners = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((c) => c[3] === '0A').map((c) => c[9] ?? ''),
    );
    expect(tcpListeners.filter((inode) => inodes.has(inode))).toEqual([]);
    const unixPaths = readFileSync('/proc/net/unix', 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).filter((c) => inodes.has(c[6] ?? '')).map((c) => c[7]);
    expect(unixPaths.some((path) => path?.endsWith('cognito-local.sock'))).toBe(true);
  });

  it('the stack itself, signing with its own credentials, still lists users', async () => {
    const sdk = stackCognito(stack);
    const { Users = [] } = await sdk.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }));
    sdk.destroy();
    expect(Users.some((u) => u.Attributes?.some((a) => a.Value === victim.email))).toBe(true);
  });
});
