/**
 * The front's line to cognito-local, which listens on a Unix socket (scripts/lib/cognito-local.ts):
 * no TCP port, so no web page, and no other local user, can reach it; only this process talks to
 * it. Every call goes through the `serial` queue: cognito-local saves a pool by rewriting its file
 * in place, so two calls that save at once can corrupt it (scripts/lib/cognito-files.ts).
 */
import { request } from 'node:http';
import { CognitoError } from './errors.ts';
import type { Json, Upstream } from './srp-sign-in.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** A hung cognito-local fails the call in hand rather than every call queued behind it. */
const UPSTREAM_TIMEOUT_MS = 15_000;
const AMZ_JSON = 'application/x-amz-json-1.1';

type Serial = <T>(task: () => Promise<T>) => Promise<T>;

/** One HTTP exchange over the socket: status and text. */
function exchange(socketPath: string, o: { method: string; path: string; headers: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const out = request({ socketPath, method: o.method, path: o.path, headers: { ...o.headers, host: 'cognito-local' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    out.setTimeout(UPSTREAM_TIMEOUT_MS, () => out.destroy(new Error('cognito-local did not answer')));
    out.on('error', reject);
    out.end(o.body);
  });
}

/** One JSON call to cognito-local; its errors come back as CognitoError with its code and status. */
export function upstreamCaller(socketPath: string, serial: Serial): Upstream {
  return async (operation, body) => {
    const { status, text } = await serial(() =>
      exchange(socketPath, {
        method: 'POST',
        path: '/',
        headers: { 'content-type': AMZ_JSON, 'x-amz-target': `${TARGET_PREFIX}${operation}` },
        body: JSON.stringify(body),
      }),
    );
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      json = { message: text };
    }
    if (status >= 200 && status < 300) return json;
    const code = typeof json.__type === 'string' ? json.__type : typeof json.code === 'string' ? json.code : 'InternalErrorException';
    throw new CognitoError(code, String(json.message ?? `cognito-local answered ${status}`), status);
  };
}

/** Whether cognito-local answers its health check on `socketPath`. */
export async function upstreamHealthy(socketPath: string): Promise<boolean> {
  try {
    return (await exchange(socketPath, { method: 'GET', path: '/health', headers: {} })).status === 200;
  } catch {
    return false;
  }
}
