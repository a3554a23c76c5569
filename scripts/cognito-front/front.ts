/**
 * A thin AWS-faithful front for cognito-local 5.3: a node:http server on 127.0.0.1 that speaks
 * the Cognito JSON protocol, forwards to cognito-local whatever it does right and answers the
 * rest itself (see handlers.ts and README.md's table of operations).
 *
 * Managed login (managed-login/: hosted pages, OAuth endpoints, discovery and key set at the
 * issuer `<front URL>/<poolId>`) is wired in a few lines below.
 *
 * No web page can drive it (issue 20): requests must name a loopback Host, bodies are capped
 * before they are read (http-protocol.ts), and the operations AWS authorises with IAM need a
 * SigV4 signature with the stack's own credentials (sigv4.ts); cognito-local itself listens on a
 * Unix socket only this process uses (upstream.ts).
 *
 * cognito-local saves a pool by rewriting its file in place, so two calls that save at once can
 * corrupt it (scripts/lib/cognito-files.ts). The front therefore sends cognito-local one call at a
 * time, and reads its files between calls: everything local goes through the front.
 *
 * DEVELOPMENT AID ONLY. It reads cognito-local's database (plain-text passwords included) and
 * trusts cognito-local's signing key, whose private half ships publicly in the npm package.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { oneAtATime } from '../lib/cognito-files.ts';
import { CognitoDb } from './cognito-db.ts';
import { Deliveries, type DeliveryListener } from './deliveries.ts';
import { CognitoError } from './errors.ts';
import { FrontState } from './front-state.ts';
import { createHandlers } from './handlers.ts';
import { answerPreflight, isLoopbackHost, readCappedBody, sendError, sendJson } from './http-protocol.ts';
import { listenBothProtocols } from './managed-login/both-protocols.ts';
import { createManagedLogin } from './managed-login/index.ts';
import { isKnownOperation, needsSignature, validateInput } from './operations.ts';
import { verifySignature, type LocalCredentials } from './sigv4.ts';
import { SrpSignIn, type Json } from './srp-sign-in.ts';
import { Revocations } from './tokens.ts';
import { upstreamCaller } from './upstream.ts';

export interface CognitoFrontOptions {
  /** cognito-local's Unix socket (scripts/lib/cognito-local.ts). */
  upstreamSocket: string;
  /** cognito-local's working dir (the one holding `.cognito/db/<poolId>.json`). */
  dataDir: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `0`: a free port. */
  port?: number;
  /** Told each code the front delivers (sign-up, resend, forgot password, email OTP). */
  onCode?: DeliveryListener;
  /**
   * The IAM credentials administrative operations must be signed with (SigV4). Default: a fresh
   * random pair, readable as `front.credentials`. `npm start` keeps its pair in `.local/`.
   */
  credentials?: LocalCredentials;
  /** The front's clock (ms since the epoch): lockouts, sessions, grace periods. Default `Date.now`. */
  now?: () => number;
  /**
   * DEVELOPMENT ONLY, off by default and never set by `npm start`: accept app clients whose
   * access and ID tokens live less than AWS's minimum of 5 minutes (the test stack's 60 s and
   * 1 s clients, which make expiry tests fast).
   */
  allowShortTokenLifetimes?: boolean;
}

export interface CognitoFront {
  url: string;
  port: number;
  /** `iss` of a pool's tokens, `<url>/<poolId>`; its JWKS and discovery document are under it. */
  issuer(poolId: string): string;
  /** Managed login's origin: this front under a host name WebAuthn accepts (`http://localhost:<port>`). */
  managedLoginUrl: string;
  /** The credentials IAM-authorised operations must be signed with. */
  credentials: LocalCredentials;
  /** The codes this front delivered, for tests that must type one. */
  deliveries: Deliveries;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** A fresh local key pair, in AWS's shapes (AKIA… and 40 characters). */
export function newCredentials(): LocalCredentials {
  return {
    accessKeyId: `AKIALOCAL${randomBytes(6).toString('hex').toUpperCase()}`.slice(0, 20),
    secretAccessKey: randomBytes(30).toString('base64url').slice(0, 40),
  };
}

export async function startCognitoFront(o: CognitoFrontOptions): Promise<CognitoFront> {
  const socket = o.upstreamSocket;
  const serial = oneAtATime();
  const now = o.now ?? Date.now;
  const credentials = o.credentials ?? newCredentials();
  const state = new FrontState(o.dataDir);
  const upstream = upstreamCaller(socket, serial);
  // The front is the issuer (as AWS's cognito-idp endpoint is): known once it listens.
  let url = '';
  const issuer = (poolId: string) => `${url}/${poolId}`;
  const managedLoginUrl = () => `http://localhost:${new URL(url).port}`;
  const managedLogin = createManagedLogin({ dataDir: o.dataDir, upstream, issuer, host: 'localhost', managedLoginUrl });
  const db = new CognitoDb(o.dataDir, serial, managedLogin.usernameAlias, (clientId) => state.entry('clientSettings', clientId) ?? {});
  const srp = new SrpSignIn({ db, upstream, now });
  const deliveries = new Deliveries(o.onCode);
  const handlers = createHandlers({
    db, upstream, revocations: new Revocations(state), srp, state, deliveries, now, issuer,
    extraClaims: managedLogin.extraClaims,
    webAuthn: managedLogin.webAuthn,
    shortTokenLifetimes: o.allowShortTokenLifetimes === true,
  });
  const { checkAccess } = handlers;
  // Managed login (managed-login/): its pages and endpoints (which sign in and refresh whatever a
  // client's ExplicitAuthFlows say, as AWS's do), and the API operations it adds.
  managedLogin.connect({ db, state, operations: handlers.hostedOperations, checkAccess });
  const operations = { ...handlers.operations, ...managedLogin.operations };

  /** One Cognito JSON call: checked as AWS checks it, then answered or forwarded. */
  const cognitoCall = async (req: IncomingMessage, raw: Buffer): Promise<Json> => {
    const target = `${req.headers['x-amz-target'] ?? ''}`;
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    if (!isKnownOperation(op)) throw new CognitoError('UnknownOperationException', `The operation ${op || target || '(none)'} is not known to Amazon Cognito user pools.`);
    let body: unknown;
    try {
      body = JSON.parse(raw.length ? raw.toString('utf8') : '{}');
    } catch {
      throw new CognitoError('SerializationException', 'Unexpected character in the request body: it is not JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new CognitoError('SerializationException', `Start of ${Array.isArray(body) ? 'list' : 'value'} found where a structure was expected.`);
    }
    // Against the machine's clock, as the signer's is: the front's own (movable) clock is for what it keeps.
    if (needsSignature(op)) await verifySignature({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: raw }, credentials, Date.now());
    const input = body as Json;
    validateInput(op, input);
    const operation = Object.hasOwn(operations, op) ? operations[op] : undefined;
    if (operation) return operation(input);
    if (input.AccessToken !== undefined) checkAccess(input.AccessToken);
    try {
      return await upstream(op, input);
    } catch (error) {
      // cognito-local's 500 for what it lacks: no client's mistake, but not a server fault either.
      if (error instanceof CognitoError && error.code === 'CognitoLocal#Unsupported') {
        throw new CognitoError('UnsupportedOperationException', `The local Cognito does not support this: ${error.message}`);
      }
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host)) {
      throw new CognitoError('MisdirectedRequestException', 'This local Cognito answers only to 127.0.0.1, localhost or [::1].', 421);
    }
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    if (req.method === 'GET' && req.url === '/health') return sendJson(res, 200, { ok: true });
    const raw = await readCappedBody(req);
    if (await managedLogin.handle(req, res, raw)) return;
    if (req.method !== 'POST') throw new CognitoError('UnknownOperationException', `${req.method ?? ''} ${req.url ?? ''} is not a Cognito operation.`, 404);
    sendJson(res, 200, await cognitoCall(req, raw));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const e = error instanceof CognitoError ? error : new CognitoError('InternalErrorException', String(error), 500);
      // A body left unread (too large) ends the connection once answered.
      sendError(res, e, e.status === 413);
      if (e.status === 413) res.once('finish', () => req.destroy());
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
    credentials,
    deliveries,
    close: listening.close,
  };
}
