// The front's own plumbing, against a stand-in upstream (no cognito-local): its one-call-at-a-time
// queue must survive callers that leave and requests that are not Cognito calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoFront, type CognitoFront } from './front.ts';

let upstream: Server;
let front: CognitoFront;
let dir: string;
const seen: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'front-'));
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''}`);
    if (req.url === '/big') {
      // 4 MB, far beyond any socket buffer: only a caller that reads it all lets it finish.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      const more = () => {
        while (sent < 64) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'SerializationException' });
      res.end(JSON.stringify({ __type: 'SerializationException', message: 'from upstream' }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  front = await startCognitoFront({ upstreamUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, dataDir: dir });
});

afterAll(async () => {
  await front?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cognitoCall = (target: string, body: string) =>
  fetch(front.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` }, body });

describe('cognito front plumbing', () => {
  it('a caller that leaves in the middle of a large answer does not stall the calls after it', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = get(`${front.url}/big`, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.on('error', reject);
    });
    const res = await cognitoCall('ListUsers', '{}');
    expect(res.status).toBe(400);
    expect(seen.at(-1)).toBe('POST / AWSCognitoIdentityProviderService.ListUsers');
  });

  it.each([
    ['a JSON null body', 'SignUp', 'null'],
    ['a JSON array body', 'InitiateAuth', '[]'],
    ['an operation named after an Object.prototype member', 'constructor', '{}'],
    ['another one', '__proto__', '{}'],
  ])('%s is passed to cognito-local to refuse, not answered by the front', async (_case, target, body) => {
    const res = await cognitoCall(target, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: 'SerializationException', message: 'from upstream' });
    expect(seen.at(-1)).toBe(`POST / AWSCognitoIdentityProviderService.${target}`);
  });
});
