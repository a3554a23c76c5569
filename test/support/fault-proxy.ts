/**
 * A TCP proxy on 127.0.0.1 in front of one local service, for fault tests: it passes bytes
 * through, or hangs (accepts and never answers), or is down (resets every connection). The
 * mode can change at any time; connections held by a hang are closed when the mode changes
 * back or the proxy stops. Bounded: loopback only, at most MAX_CONNECTIONS at once.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type FaultMode = 'pass' | 'hang' | 'down';

const MAX_CONNECTIONS = 64;

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: put this where the service's URL would go. */
  url: string;
  set(mode: FaultMode): void;
  /** Connections accepted so far, per mode they met. */
  seen(): Record<FaultMode, number>;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost') throw new Error(`fault proxy: loopback targets only, not ${hostname}`);
  let mode: FaultMode = 'pass';
  const open = new Set<Socket>();
  const held = new Set<Socket>();
  const seen: Record<FaultMode, number> = { pass: 0, hang: 0, down: 0 };

  const server: Server = createServer((client) => {
    seen[mode] += 1;
    if (open.size >= MAX_CONNECTIONS || mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    open.add(client);
    client.once('close', () => {
      open.delete(client);
      held.delete(client);
    });
    client.on('error', () => client.destroy());
    if (mode === 'hang') {
      // Read and discard, answer nothing: the request waits until someone gives up.
      held.add(client);
      client.resume();
      return;
    }
    const upstream = connect(Number(port), hostname);
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  server.maxConnections = MAX_CONNECTIONS * 2;
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('fault proxy: no address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    set(next) {
      mode = next;
      // Keep-alive connections would carry on in the old mode: a fault starts and ends for everyone.
      for (const socket of next === 'hang' ? [...open].filter((s) => !held.has(s)) : [...open]) socket.destroy();
    },
    seen: () => ({ ...seen }),
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
