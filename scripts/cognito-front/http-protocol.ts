/**
 * The HTTP side of the front, before any Cognito work: who may talk to it, how much they may
 * send, and the shape of every answer.
 * - Host: only the stack's own loopback names (127.0.0.1, localhost, [::1]), so a DNS-rebinding
 *   page (a domain of its own that resolves to 127.0.0.1) is refused. The port is not compared: a
 *   loopback proxy in front of the front (the tests' fault proxy) keeps its own Host, and a
 *   rebinding page cannot choose its host name's IP and its Host both.
 * - Body: at most MAX_BODY_BYTES, refused before it is read (by Content-Length) or as soon as a
 *   chunked body passes the cap. AWS documents no request-size limit for this API; its largest
 *   requests (a pool with every message template) stay far below 1 MiB.
 * - Answers: AWS's JSON protocol, every error with `x-amzn-errortype`, `x-amzn-errormessage` and
 *   `x-amzn-requestid`, as cognito-idp sends them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError } from './errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const AMZ_JSON = 'application/x-amz-json-1.1';
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

// Like AWS (and cognito-local's Express `cors()`): any origin may call the public operations; the
// IAM ones need a signature no page has.
export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-errortype,x-amzn-errormessage,x-amzn-requestid',
};
const PREFLIGHT_HEADERS = 'content-type,x-amz-target,x-amz-user-agent,cache-control,authorization';

/** Whether `host` (a Host header) names this machine's loopback, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_NAMES.has(match[1] ?? '');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    ...CORS,
    'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
    'access-control-allow-headers': asked ? `${asked}` : PREFLIGHT_HEADERS,
    vary: 'Access-Control-Request-Headers',
  });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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

/** A header can carry only visible ASCII; AWS's messages are, ours too, but a user's input may not be. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 1000);

/** An error answer as AWS shapes it. `close` ends the connection after it (a body left unread). */
export function sendError(res: ServerResponse, e: CognitoError, close = false): void {
  if (res.headersSent) return void res.destroy();
  sendJson(res, e.status, { __type: e.code, message: e.message }, {
    'x-amzn-errortype': e.code,
    'x-amzn-errormessage': headerSafe(e.message),
    ...(close ? { connection: 'close' } : {}),
  });
}

export const tooLarge = () => new CognitoError('RequestEntityTooLargeException', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413);

/**
 * The body, read only while it stays within MAX_BODY_BYTES: a larger Content-Length is refused
 * before a byte is read, and a chunked body as soon as it passes the cap (then no more is read).
 */
export function readCappedBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        return reject(tooLarge());
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
