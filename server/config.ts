// Environment variables → ApiServerOptions. Pure, so the rules are testable without a process.
import type { ApiServerOptions } from './api-server.ts';
import { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimits } from './rate-limit.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const LIMIT_VARS: [keyof RateLimits, string][] = [
  ['writesPerUser', 'RATE_LIMIT_WRITES_PER_USER'],
  ['writesPerAddress', 'RATE_LIMIT_WRITES_PER_ADDRESS'],
  ['readsPerUser', 'RATE_LIMIT_READS_PER_USER'],
  ['readsPerAddress', 'RATE_LIMIT_READS_PER_ADDRESS'],
];

/** `<points>` (per minute) or `<points>/<seconds>`, e.g. `10` or `10/60`. */
function parseLimit(name: string, value: string): RateLimit {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(value);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2] ?? 60);
  if (!match || points < 1 || seconds < 1) throw new ConfigError(`${name} must be <requests> or <requests>/<seconds>, e.g. 10/60, got "${value}"`);
  return { points, seconds };
}

function rateLimitsFromEnv(env: NodeJS.ProcessEnv): ApiServerOptions['rateLimits'] {
  const off = env.RATE_LIMITS?.trim().toLowerCase();
  if (off === 'off') return false;
  if (off) throw new ConfigError(`RATE_LIMITS can only be "off", got "${env.RATE_LIMITS}"`);
  const set = LIMIT_VARS.filter(([, name]) => env[name]?.trim())
    .map(([key, name]) => [key, parseLimit(name, env[name]?.trim() ?? '')] as const);
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}

function trustProxyFromEnv(value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const hops = Number(value.trim());
  // "true" (trust every hop) would let any client pick its address by writing the header itself.
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new ConfigError(`TRUST_PROXY must be the number of proxies in front of the API (e.g. 1), got "${value}"`);
  }
  return hops;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv): ApiServerOptions {
  const missing = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_IDS'].filter((k) => !env[k]?.trim());
  const local = env.COGNITO_LOCAL === '1' || env.COGNITO_LOCAL === 'true';
  // Against AWS the issuer follows from region and pool id; cognito-local's must be given.
  const poolId = env.COGNITO_USER_POOL_ID?.trim() ?? '';
  const region = env.COGNITO_REGION?.trim() || poolId.split('_')[0] || '';
  const issuer = env.COGNITO_ISSUER?.trim() || (local || !region ? '' : `https://cognito-idp.${region}.amazonaws.com/${poolId}`);
  if (!issuer) missing.push('COGNITO_ISSUER');
  if (!region) missing.push('COGNITO_REGION');
  if (missing.length > 0) throw new ConfigError(`missing configuration: set ${missing.join(', ')}`);

  const port = env.PORT?.trim() ? Number(env.PORT) : 4567;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0–65535, got "${env.PORT}"`);

  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port,
    issuer,
    jwksUri: env.COGNITO_JWKS_URI?.trim() || undefined,
    userPoolId: poolId,
    region,
    clientIds: list(env.COGNITO_CLIENT_IDS),
    cognitoEndpoint: env.COGNITO_ENDPOINT?.trim() || undefined,
    local,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir: env.DATA_DIR?.trim() || undefined,
    corsOrigins: list(env.CORS_ORIGINS),
    rateLimits: rateLimitsFromEnv(env),
    trustProxy: trustProxyFromEnv(env.TRUST_PROXY),
  };
}

/** One line for the start-up log: the limits in force and where client addresses come from. */
export function describeLimits(o: Pick<ApiServerOptions, 'rateLimits' | 'trustProxy'>): string {
  const from = o.trustProxy ? `X-Forwarded-For, ${o.trustProxy} trusted prox${o.trustProxy === 1 ? 'y' : 'ies'} (TRUST_PROXY)` : 'the TCP peer (X-Forwarded-For ignored; see TRUST_PROXY)';
  if (o.rateLimits === false) return `Rate limits: OFF (RATE_LIMITS=off); client address from ${from}`;
  const l = { ...DEFAULT_RATE_LIMITS, ...o.rateLimits };
  const f = (r: RateLimit) => `${r.points}/${r.seconds} s`;
  return `Rate limits: posts ${f(l.writesPerUser)} per user, ${f(l.writesPerAddress)} per address; `
    + `reads ${f(l.readsPerUser)} per user, ${f(l.readsPerAddress)} per address; client address from ${from}`;
}
