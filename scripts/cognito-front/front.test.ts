// The front's own plumbing, against a stand-in cognito-local on a Unix socket: who may talk to it
// (Host, SigV4), what it reads (capped bodies), how it answers mistakes (AWS's protocol errors,
// never a 5xx), and that its one-call-at-a-time queue survives callers that leave.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoClient } from '../lib/bootstrap.ts';
import { startCognitoFront, type CognitoFront } from './front.ts';
import { MAX_BODY_BYTES } from './http-protocol.ts';

let upstream: Server;
let front: CognitoFront;
let dir: string;
const seen: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'front-'));
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Users: [] }));
    });
  });
  const socket = join(dir, 'upstream.sock');
  await new Promise<void>((r) => upstream.listen(socket, r));
  front = await startCognitoFront({ upstreamSocket: socket, dataDir: dir });
});

afterAll(async () => {
  await front?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cognitoCall = (target: string, body: string, headers: Record<string, string> = {}) =>
  fetch(front.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, ...headers }, body });
/** The error parts of an answer: status, body, and AWS's three headers. */
async function answer(res: Response) {
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    type: res.headers.get('x-amzn-errortype'),
    message: res.headers.get('x-amzn-errormessage'),
    requestId: res.headers.get('x-amzn-requestid'),
  };
}
const sdkError = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => ({ name: e.name, message: e.message }));

describe('the front speaks AWS JSON protocol errors, never a 5xx for a client mistake', () => {
  it.each([
    ['malformed JSON', 'SignUp', '{"ClientId":', 'SerializationException'],
    ['a JSON null body', 'SignUp', 'null', 'SerializationException'],
    ['a JSON array body', 'InitiateAuth', '[]', 'SerializationException'],
    ['a member of the wrong kind', 'InitiateAuth', '{"AuthFlow":"USER_AUTH","ClientId":{"x":1}}', 'SerializationException'],
    ['an operation AWS does not have', 'ListEverything', '{}', 'UnknownOperationException'],
    ['an operation named after an Object.prototype member', 'constructor', '{}', 'UnknownOperationException'],
    ['another one', '__proto__', '{}', 'UnknownOperationException'],
  ])('%s: 400 %s with x-amzn-errortype, -errormessage and -requestid', async (_case, target, body, type) => {
    const r = await answer(await cognitoCall(target, body));
    expect(r).toMatchObject({ status: 400, body: { __type: type, message: expect.any(String) }, type });
    expect(r.message).toBe(r.body.message);
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['InitiateAuth', '{}', "2 validation errors detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null; Value null at 'clientId' failed to satisfy constraint: Member must not be null"],
    ['SignUp', '{"Username":"a@b.c"}', "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"],
    ['GetUser', '{"AccessToken":null}', "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null"],
  ])('%s %s: InvalidParameterException in AWS words', async (target, body, message) => {
    expect(await answer(await cognitoCall(target, body))).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException', message } });
  });

});

describe('no web page can drive the front', () => {
  it.each([
    ['a rebinding domain', 'evil.example:9230', 421],
    ['a domain whose first label is localhost', 'localhost.evil.example', 421],
    // Node's own HTTP parser refuses HTTP/1.1 without a Host before the front sees it.
    ['missing', '', 400],
  ])('refuses a request whose Host is %s (%i)', async (_case, host, expected) => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(front.url, { method: 'POST', headers: { host, 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(expected);
  });

  it.each(['127.0.0.1:1', 'localhost', '[::1]:9230'])('answers a loopback Host, %s', async (host) => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${front.url}/health`, { headers: { host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('refuses a 64 MB body by its Content-Length before reading it', async () => {
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(front.url, { method: 'POST', headers: { 'content-length': String(64 * 1024 * 1024), 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024)); // the rest is never sent: the answer must not wait for it
    });
    expect(status).toBe(413);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    let written = 0;
    const status = await new Promise<number>((resolve) => {
      const req = request(front.url, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1));
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    // The answer, or the connection closing on a writer that would not stop, comes long before 64 MB.
    expect([413, -1]).toContain(status);
    expect(written).toBeLessThan(16 * MAX_BODY_BYTES);
  });

  it.each([
    ['unsigned', undefined, 'MissingAuthenticationTokenException', 'Missing Authentication Token'],
    ['signed with an access key nobody issued', { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ])('an administrative call %s gets %s', async (_case, credentials, name, message) => {
    const sdk = cognitoClient({ endpoint: front.url, ...(credentials ? { credentials } : {}) });
    const before = seen.length;
    const outcome = credentials
      ? await sdkError(sdk.send(new AdminGetUserCommand({ UserPoolId: 'local_pool', Username: 'someone' })))
      : await answer(await cognitoCall('AdminGetUser', '{"UserPoolId":"local_pool","Username":"someone"}')).then((r) => ({ name: r.type, message: r.body.message }));
    sdk.destroy();
    expect(outcome).toEqual({ name, message });
    expect(seen.length).toBe(before);
  });

  it('signed with the right key but the wrong secret gets InvalidSignatureException', async () => {
    const sdk = cognitoClient({ endpoint: front.url, credentials: { ...front.credentials, secretAccessKey: 'wrong' } });
    expect(await sdkError(sdk.send(new ListUsersCommand({ UserPoolId: 'local_pool' })))).toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^The request signature we calculated does not match the signature you provided/),
    });
    sdk.destroy();
  });

  it('a public operation needs no signature (SignUp reaches its checks)', async () => {
    const r = await answer(await cognitoCall('SignUp', '{"Username":"a@b.c"}'));
    expect(r.type).toBe('InvalidParameterException');
  });
});
