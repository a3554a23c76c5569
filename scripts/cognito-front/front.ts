/**
 * A thin AWS-faithful front for cognito-local 5.3: a node:http server on 127.0.0.1 that speaks
 * the Cognito JSON protocol, forwards to cognito-local whatever it does right and answers the
 * rest itself (SRP sign-in, ResendConfirmationCode, GlobalSignOut, the password policy, AWS's
 * sign-in errors; see handlers.ts; MFA, which cognito-local lacks, in mfa.ts).
 *
 * cognito-local saves a pool by rewriting its file in place, so two calls that save at once can
 * corrupt it (scripts/lib/cognito-files.ts). The front therefore sends cognito-local one call at a
 * time, and reads its files between calls: everything local goes through the front.
 *
 * DEVELOPMENT AID ONLY. It reads cognito-local's database (plain-text passwords included) and
 * trusts cognito-local's signing key, whose private half ships publicly in the npm package.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { oneAtATime } from '../lib/cognito-files.ts';
import { CognitoDb } from './cognito-db.ts';
import { Deliveries, type DeliveryListener } from './deliveries.ts';
import { CognitoError } from './errors.ts';
import { FrontState } from './front-state.ts';
import { createHandlers } from './handlers.ts';
import { listenBothProtocols } from './managed-login/both-protocols.ts';
import { createManagedLogin } from './managed-login/index.ts';
import { SrpSignIn, type Json, type Upstream } from './srp-sign-in.ts';
import { Revocations } from './tokens.ts';

export interface CognitoFrontOptions {
  /** cognito-local's base URL, e.g. `http://127.0.0.1:9229`. */
  upstreamUrl: string;
  /** cognito-local's working dir (the one holding `.cognito/db/<poolId>.json`). */
  dataDir: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `0`: a free port. */
  port?: number;
  /** Told each code the front delivers (sign-up, resend, forgot password, email OTP). */
  onCode?: DeliveryListener;
}

export interface CognitoFront {
  url: string;
  port: number;
  /** `iss` of a pool's tokens, `<url>/<poolId>`; its JWKS and discovery document are under it. */
  issuer(poolId: string): string;
  /** Managed login's origin: this front under a host name WebAuthn accepts (`http://localhost:<port>`). */
  managedLoginUrl: string;
  /** The codes this front delivered, for tests that must type one. */
  deliveries: Deliveries;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** A hung cognito-local fails the call in hand rather than every call queued behind it. */
const UPSTREAM_TIMEOUT_MS = 15_000;
const AMZ_JSON = 'application/x-amz-json-1.1';
// Like cognito-local (Express `cors()`): any origin, and the request's own headers echoed back.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-errortype,x-amzn-errormessage,x-amzn-requestid',
};
const PREFLIGHT_HEADERS = 'content-type,x-amz-target,x-amz-user-agent,cache-control,authorization';

export async function startCognitoFront(o: CognitoFrontOptions): Promise<CognitoFront> {
  const upstreamUrl = new URL(o.upstreamUrl);
  const serial = oneAtATime();
  const upstream = upstreamCaller(upstreamUrl, serial);
  // The front is the issuer (as AWS's cognito-idp endpoint is): known once it listens.
  let url = '';
  const issuer = (poolId: string) => `${url}/${poolId}`;
  const managedLoginUrl = () => `http://localhost:${new URL(url).port}`;
  const managedLogin = createManagedLogin({ dataDir: o.dataDir, upstream, issuer, host: 'localhost', managedLoginUrl });
  const db = new CognitoDb(o.dataDir, serial, managedLogin.usernameAlias);
  const pass = (req: IncomingMessage, res: ServerResponse, body: Buffer) => serial(() => forward(upstreamUrl, req, res, body));
  const srp = new SrpSignIn({ db, upstream });
  const deliveries = new Deliveries(o.onCode);
  const state = new FrontState(o.dataDir);
  const handlers = createHandlers({ db, upstream, revocations: new Revocations(state), srp, state, deliveries, issuer, extraClaims: managedLogin.extraClaims });
  const { checkAccess } = handlers;
  // Managed login (managed-login/): its pages and endpoints, and the API operations it adds.
  managedLogin.connect({ db, state, operations: handlers.operations, checkAccess });
  const operations = { ...handlers.operations, ...managedLogin.operations };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      const asked = req.headers['access-control-request-headers'];
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
        'access-control-allow-headers': asked ? `${asked}` : PREFLIGHT_HEADERS,
        vary: 'Access-Control-Request-Headers',
      });
      return void res.end();
    }
    const target = `${req.headers['x-amz-target'] ?? ''}`;
    const raw = await readBody(req);
    if (await managedLogin.handle(req, res, raw)) return;
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) return pass(req, res, raw);
    const op = target.slice(TARGET_PREFIX.length);
    let body: Json;
    try {
      body = JSON.parse(raw.toString('utf8')) as Json;
    } catch {
      return pass(req, res, raw); // let cognito-local word the parse error
    }
    // Only a JSON object is a Cognito request; cognito-local words the error for anything else.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return pass(req, res, raw);
    const operation = Object.hasOwn(operations, op) ? operations[op] : undefined;
    if (operation) return sendJson(res, 200, await operation(body));
    if (body.AccessToken !== undefined) checkAccess(body.AccessToken);
    return pass(req, res, raw);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const e = error instanceof CognitoError ? error : new CognitoError('InternalErrorException', String(error), 500);
      if (res.headersSent) return void res.destroy();
      sendJson(res, e.status, { __type: e.code, message: e.message }, { 'x-amzn-errortype': e.code });
    });
  });
  // Plain HTTP and, for managed login's HTTPS-only clients, TLS on the same port (managed-login/).
  const listening = await listenBothProtocols(server, o.dataDir, o.port ?? 0, o.host ?? '127.0.0.1');
  const { port, address } = listening.address;
  url = `http://${address}:${port}`;
  return {
    url,
    port,
    issuer,
    managedLoginUrl: managedLoginUrl(),
    deliveries,
    close: listening.close,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    ...headers,
    'content-type': AMZ_JSON,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Passes a request (its body already read) through to cognito-local as is; settles when the answer has. */
function forward(upstreamUrl: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = request(
      new URL(req.url ?? '/', upstreamUrl),
      { method: req.method, headers: { ...req.headers, host: upstreamUrl.host } },
      (upstreamRes) => {
        const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...headers } = upstreamRes.headers;
        res.writeHead(upstreamRes.statusCode ?? 502, headers);
        // Settles however the answer ends, a caller gone mid-answer included (plain pipe() would
        // pause cognito-local's answer for ever, and the queue with it).
        pipeline(upstreamRes, res, () => resolve());
      },
    );
    out.setTimeout(UPSTREAM_TIMEOUT_MS, () => out.destroy(new Error('cognito-local did not answer')));
    out.on('error', reject);
    out.end(body);
  });
}

/** One JSON call to cognito-local; its errors come back as CognitoError with its code and status. */
function upstreamCaller(upstreamUrl: URL, serial: <T>(task: () => Promise<T>) => Promise<T>): Upstream {
  return async (operation, body) => {
    const { res, text } = await serial(async () => {
      const res = await fetch(upstreamUrl, {
        method: 'POST',
        headers: { 'content-type': AMZ_JSON, 'x-amz-target': `${TARGET_PREFIX}${operation}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
      return { res, text: await res.text() };
    });
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      json = { message: text };
    }
    if (res.ok) return json;
    const code = typeof json.__type === 'string' ? json.__type : typeof json.code === 'string' ? json.code : 'InternalErrorException';
    throw new CognitoError(code, String(json.message ?? `cognito-local answered ${res.status}`), res.status);
  };
}
