/**
 * An HTTP proxy on 127.0.0.1 in front of the Cognito endpoint that records every Cognito call a
 * browser makes through it: operation (`x-amz-target`), `AuthFlow` for InitiateAuth, when it
 * started and when its answer ended. Built into the extension as its Cognito endpoint, it counts
 * the calls of every context (worker, pages, frames) where in-process counting cannot reach.
 *
 * It also notes the `exp` of the last access token it passed back (from the answer's JSON), so
 * a bench can wait for that token to expire; the tokens themselves are not kept.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  /** `GetTokensFromRefreshToken`, `InitiateAuth:USER_SRP_AUTH`, `GetUser`, … */
  operation: string;
  /** Epoch ms: request received, answer sent in full. */
  startedAt: number;
  endedAt: number;
  status: number;
}

export interface CognitoProxy {
  url: string;
  /** Calls answered so far, oldest first (preflights excluded: they are not Cognito calls). */
  calls(): readonly ProxiedCall[];
  /** `exp` (epoch s) of the newest access token seen in an answer; null before the first. */
  lastAccessTokenExp(): number | null;
  stop(): Promise<void>;
}

/** Refreshes, in either form Cognito accepts. */
export const isRefresh = (c: Pick<ProxiedCall, 'operation'>): boolean =>
  c.operation === 'GetTokensFromRefreshToken' || c.operation === 'InitiateAuth:REFRESH_TOKEN_AUTH';

const readAll = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

function operationOf(target: string | undefined, body: Buffer): string {
  const op = (target ?? '').split('.').pop() ?? '';
  if (op !== 'InitiateAuth') return op;
  try {
    return `${op}:${(JSON.parse(body.toString('utf8')) as { AuthFlow?: string }).AuthFlow ?? '?'}`;
  } catch {
    return `${op}:?`;
  }
}

function accessTokenExp(body: Buffer): number | null {
  try {
    const token = (JSON.parse(body.toString('utf8')) as { AuthenticationResult?: { AccessToken?: string } }).AuthenticationResult?.AccessToken;
    const payload = token?.split('.')[1];
    if (!payload) return null;
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

export async function startCognitoProxy(target: string): Promise<CognitoProxy> {
  const upstream = new URL(target);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost') throw new Error(`Cognito proxy: loopback targets only, not ${upstream.hostname}`);
  const calls: ProxiedCall[] = [];
  let exp: number | null = null;

  const server = createServer((req, res) => {
    const startedAt = Date.now();
    void readAll(req).then((body) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          void readAll(answer).then((reply) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(reply);
            if (req.method !== 'POST') return;
            calls.push({ operation: operationOf(req.headers['x-amz-target'] as string | undefined, body), startedAt, endedAt: Date.now(), status: answer.statusCode ?? 0 });
            exp = accessTokenExp(reply) ?? exp;
          });
        },
      );
      out.on('error', () => res.writeHead(502).end());
      out.end(body);
    });
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    lastAccessTokenExp: () => exp,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
