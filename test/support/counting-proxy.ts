/**
 * An HTTP proxy on 127.0.0.1 that forwards everything to one local service and counts what
 * passed: which Cognito operations (`x-amz-target`) and which API paths. The extension is built
 * against it, so a test counts the calls the extension made, in both browsers (Firefox's
 * background requests are not visible to the driver), and nobody else's: the stand-in web app
 * and the API reach the stack directly.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Passed {
  method: string;
  path: string;
  /** The Cognito operation, e.g. `GetUser` (from `x-amz-target`); undefined for other calls. */
  operation: string | undefined;
  at: number;
}

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: build the extension with this where the service's URL goes. */
  url: string;
  passed(): readonly Passed[];
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost') throw new Error(`counting proxy: loopback targets only, not ${upstream.hostname}`);
  const log: Passed[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const amzTarget = req.headers['x-amz-target'];
    log.push({
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      operation: typeof amzTarget === 'string' ? amzTarget.split('.').at(-1) : undefined,
      at: Date.now(),
    });
    // The service sees its own host, as if called directly.
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  };
  const server: Server = createServer(forward);
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('counting proxy: no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    passed: () => log,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** How many `operation` calls passed since `since` (epoch ms). */
export const countOperation = (proxy: CountingProxy, operation: string, since = 0) => proxy.passed().filter((p) => p.operation === operation && p.at >= since).length;

/** How many requests for `path` passed since `since` (epoch ms). */
export const countPath = (proxy: CountingProxy, path: string, since = 0) => proxy.passed().filter((p) => p.path === path && p.at >= since).length;
