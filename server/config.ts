// Environment variables → ApiServerOptions. Pure, so the rules are testable without a process.
import type { ApiServerOptions } from './api-server.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

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
  };
}
