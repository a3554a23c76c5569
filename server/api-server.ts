// Starts the whole API: store (PGlite or PostgreSQL), seed data, verifier, routes, HTTP server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createProfiles } from './profiles.ts';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit.ts';
import { createRevocations } from './revocations.ts';
import { seed } from './seed.ts';
import { openSqlDriver } from './sql-driver.ts';
import { createStore } from './store.ts';
import { createTokenVerifier } from './verify-token.ts';

export interface ApiServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 4567; 0 picks a free port. */
  port?: number;
  /** e.g. http://127.0.0.1:9229/local_abc (cognito-local) or https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  issuer: string;
  /** Default `${issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  userPoolId: string;
  region: string;
  /** Access tokens must carry one of these `client_id` values. */
  clientIds: string[];
  /** Where to call GetUser. Default `https://cognito-idp.<region>.amazonaws.com/`. */
  cognitoEndpoint?: string;
  /** true: cognito-local issuer (generic JwtRsaVerifier); false (default): CognitoJwtVerifier. */
  local?: boolean;
  /** postgres://… → real PostgreSQL via `pg`; absent → PGlite. */
  databaseUrl?: string;
  /** PGlite data dir (persistent); absent → in-memory PGlite. */
  dataDir?: string;
  /** Web-app origins allowed by CORS. */
  corsOrigins?: string[];
  /** Seconds to refuse JWKS fetches after an unknown `kid`. Default 10. */
  jwksPenaltySeconds?: number;
  /**
   * Rate limits, counted in the database so every process behind a load balancer shares them.
   * Omitted limits keep their defaults (`DEFAULT_RATE_LIMITS`); `false` turns them all off, for
   * benchmarks and test stacks only.
   */
  rateLimits?: Partial<RateLimits> | false;
  /**
   * How many proxies in front of the API append the client address to `X-Forwarded-For`.
   * Default 0: the header is ignored and the TCP peer is the client (anyone can forge the header).
   */
  trustProxy?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): { jwksFetches: number };
}

/** A start-up problem with a one-line, user-facing message (no stack trace needed). */
export class ApiStartError extends Error {
  override readonly name = 'ApiStartError';
}

// Tokens over the verifier's 16 KB limit must still reach it (→ JSON 401) instead of Node's
// bare 431 at the default 16 KB header limit.
const MAX_HEADER_BYTES = 128 * 1024;

export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  for (const key of ['issuer', 'userPoolId', 'region'] as const) {
    if (!o[key]) throw new ApiStartError(`missing ${key}`);
  }
  if (o.clientIds.filter(Boolean).length === 0) throw new ApiStartError('missing clientIds');
  const host = o.host ?? '127.0.0.1';

  const driver = await openSqlDriver(o).catch((err: unknown) => {
    throw new ApiStartError(`cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
  });
  let server: Server | undefined;
  // What must stop before the database closes: the limiter's sweeper and the LISTEN connection.
  let stopParts = async () => {};
  try {
    const store = await createStore(driver);
    await seed(store);
    const verifier = createTokenVerifier({
      issuer: o.issuer,
      jwksUri: o.jwksUri,
      userPoolId: o.userPoolId,
      clientIds: o.clientIds.filter(Boolean),
      local: o.local,
      penaltySeconds: o.jwksPenaltySeconds,
    });
    const revocations = await createRevocations(driver, store);
    const profiles = createProfiles({
      store,
      revocations,
      cognitoEndpoint: o.cognitoEndpoint ?? `https://cognito-idp.${o.region}.amazonaws.com/`,
    });
    const limiter = o.rateLimits === false ? null : await createRateLimiter(driver, { ...DEFAULT_RATE_LIMITS, ...o.rateLimits });
    const app = createApp({
      store, verifier, profiles, corsOrigins: o.corsOrigins, limiter, trustProxy: o.trustProxy,
      isRevoked: (jti, strict) => revocations.isRevoked(jti, undefined, strict),
    });
    stopParts = async () => {
      limiter?.close();
      await revocations.close();
    };

    server = serve({
      fetch: app.fetch,
      hostname: host,
      port: o.port ?? 4567,
      serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
    }) as Server;
    await listening(server, host, o.port ?? 4567);
    const { port } = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    let closing: Promise<void> | undefined;
    const httpServer = server;
    return {
      url,
      port,
      stats: () => verifier.stats(),
      close: () => (closing ??= (async () => {
        await stopHttp(httpServer);
        await stopParts();
        await store.close();
      })()),
    };
  } catch (err) {
    if (server?.listening) await stopHttp(server);
    await stopParts().catch(() => {});
    await driver.close().catch(() => {});
    throw err;
  }
}

function listening(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', () => resolve());
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE'
        ? new ApiStartError(`port ${port} on ${host} is already in use (set PORT to another port)`)
        : new ApiStartError(`cannot listen on ${host}:${port}: ${err.message}`));
    });
  });
}

/** Lets requests in flight finish (up to 2 s), then cuts idle and stuck connections. */
function stopHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
