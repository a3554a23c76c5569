import { describe, expect, it } from 'vitest';
import { ConfigError, describeLimits, optionsFromEnv } from './config.ts';

describe('optionsFromEnv', () => {
  it('cognito-local: every variable maps onto ApiServerOptions', () => {
    expect(optionsFromEnv({
      PORT: '0', HOST: '127.0.0.1', COGNITO_LOCAL: '1', COGNITO_ISSUER: 'http://127.0.0.1:9229/local_abc',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/local_abc/.well-known/jwks.json', COGNITO_USER_POOL_ID: 'local_abc',
      COGNITO_REGION: 'us-east-1', COGNITO_CLIENT_IDS: 'a, b,,', COGNITO_ENDPOINT: 'http://127.0.0.1:9229',
      DATA_DIR: '.local/api-db', CORS_ORIGINS: 'http://localhost:3000,https://app.example',
    })).toEqual({
      host: '127.0.0.1', port: 0, issuer: 'http://127.0.0.1:9229/local_abc',
      jwksUri: 'http://127.0.0.1:9229/local_abc/.well-known/jwks.json', userPoolId: 'local_abc', region: 'us-east-1',
      clientIds: ['a', 'b'], cognitoEndpoint: 'http://127.0.0.1:9229', local: true, databaseUrl: undefined,
      dataDir: '.local/api-db', corsOrigins: ['http://localhost:3000', 'https://app.example'],
    });
  });

  it('AWS: region and issuer follow from the pool id; defaults for host and port', () => {
    const o = optionsFromEnv({ COGNITO_USER_POOL_ID: 'eu-west-1_AbC123', COGNITO_CLIENT_IDS: 'c1', DATABASE_URL: 'postgres://x@h/db' });
    expect(o).toMatchObject({
      host: '127.0.0.1', port: 4567, region: 'eu-west-1', local: false, databaseUrl: 'postgres://x@h/db',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', clientIds: ['c1'], corsOrigins: [],
    });
  });

  it('rate limits: per-limit variables override the defaults; RATE_LIMITS=off turns them off', () => {
    const base = { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c' };
    expect(optionsFromEnv(base)).toMatchObject({ rateLimits: undefined, trustProxy: undefined });
    expect(optionsFromEnv({ ...base, RATE_LIMIT_WRITES_PER_USER: '3/10', RATE_LIMIT_READS_PER_ADDRESS: '500', TRUST_PROXY: '1' })).toMatchObject({
      rateLimits: { writesPerUser: { points: 3, seconds: 10 }, readsPerAddress: { points: 500, seconds: 60 } },
      trustProxy: 1,
    });
    expect(optionsFromEnv({ ...base, RATE_LIMITS: 'off' }).rateLimits).toBe(false);
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['nothing set', {}, 'missing configuration: set COGNITO_USER_POOL_ID, COGNITO_CLIENT_IDS, COGNITO_ISSUER, COGNITO_REGION'],
    ['local without issuer', { COGNITO_LOCAL: '1', COGNITO_USER_POOL_ID: 'local_x', COGNITO_CLIENT_IDS: 'c', COGNITO_REGION: 'us-east-1' }, 'missing configuration: set COGNITO_ISSUER'],
    ['blank client ids', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: '  ' }, 'missing configuration: set COGNITO_CLIENT_IDS'],
    ['port out of range', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', PORT: '70000' }, 'PORT must be 0–65535, got "70000"'],
    ['a rate limit that is not a count', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', RATE_LIMIT_WRITES_PER_USER: 'ten' }, 'RATE_LIMIT_WRITES_PER_USER must be <requests> or <requests>/<seconds>, e.g. 10/60, got "ten"'],
    ['a zero rate limit', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', RATE_LIMIT_READS_PER_ADDRESS: '0/60' }, 'RATE_LIMIT_READS_PER_ADDRESS must be <requests> or <requests>/<seconds>, e.g. 10/60, got "0/60"'],
    ['RATE_LIMITS other than off', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', RATE_LIMITS: 'on' }, 'RATE_LIMITS can only be "off", got "on"'],
    ['TRUST_PROXY=true (would trust a forged header)', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', TRUST_PROXY: 'true' }, 'TRUST_PROXY must be the number of proxies in front of the API (e.g. 1), got "true"'],
    ['port not a number', { COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_IDS: 'c', PORT: 'http' }, 'PORT must be 0–65535, got "http"'],
  ])('%s → ConfigError', (_name, env, message) => {
    expect(() => optionsFromEnv(env)).toThrow(new ConfigError(message));
  });
});

describe('describeLimits: the start-up line an operator reads', () => {
  it.each<[string, Parameters<typeof describeLimits>[0], string]>([
    ['defaults', {}, 'Rate limits: posts 10/60 s per user, 30/60 s per address; reads 120/60 s per user, 120/60 s per address; client address from the TCP peer (X-Forwarded-For ignored; see TRUST_PROXY)'],
    ['one override behind one proxy', { rateLimits: { writesPerUser: { points: 3, seconds: 10 } }, trustProxy: 1 }, 'Rate limits: posts 3/10 s per user, 30/60 s per address; reads 120/60 s per user, 120/60 s per address; client address from X-Forwarded-For, 1 trusted proxy (TRUST_PROXY)'],
    ['off, two proxies', { rateLimits: false, trustProxy: 2 }, 'Rate limits: OFF (RATE_LIMITS=off); client address from X-Forwarded-For, 2 trusted proxies (TRUST_PROXY)'],
  ])('%s', (_name, o, line) => {
    expect(describeLimits(o)).toBe(line);
  });
});
