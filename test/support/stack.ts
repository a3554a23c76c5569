import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServerOptions } from '../../server/index.ts';
import type { Deliveries } from '../../scripts/cognito-front/deliveries.ts';
import type { LocalCredentials } from '../../scripts/cognito-front/sigv4.ts';
import { bootstrap, cognitoClient, ensureAppClient } from '../../scripts/lib/bootstrap.ts';
import { readConfirmationCode } from '../../scripts/lib/codes.ts';
import { startLocalCognito, type LocalCognito } from '../../scripts/lib/local-cognito.ts';

/** The plain-data part of a stack: what a vitest globalSetup can `provide` to test files. */
export interface StackInfo {
  region: string;
  userPoolId: string;
  /** The extension's public client (1 h tokens, like AWS's default). */
  clientId: string;
  /** Same flows, 60 s access/ID tokens: for refresh and expiry scenarios. */
  shortLivedClientId: string;
  /**
   * 1 s access/ID tokens, also accepted by the API: an expired-but-otherwise-valid token costs
   * a 1 s wait instead of 60 s. (AWS's minimum is 5 min; cognito-local honours any value.)
   */
  expiringClientId: string;
  /**
   * The endpoint clients call: the AWS-faithful front (scripts/cognito-front), the only way to
   * cognito-local, which listens on a Unix socket no page can reach.
   */
  cognitoUrl: string;
  /**
   * The stack's IAM credentials: administrative operations must be SigV4-signed with them, as on
   * AWS. `stackCognito(stack)` (users.ts) signs with them.
   */
  credentials: LocalCredentials;
  /**
   * `iss` of every token the front hands out: the front's URL + pool id (as AWS's
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`); JWKS and discovery are under it.
   */
  issuer: string;
  /** Managed login's origin: the front as `http://localhost:<port>` (WebAuthn refuses IP addresses). */
  managedLoginUrl: string;
  apiUrl: string;
  /** Temp working dir (cognito-local state in `.cognito/`, API data in `api-db/`). */
  dir: string;
}

export interface LocalStack extends StackInfo {
  /** The code last sent to `email` (sign-up, resend or forgot password). */
  readCode(email: string): Promise<string>;
  /** Every code the front sent in this process (email OTP included): `deliveries.latest(email, purpose)`. */
  deliveries: Deliveries;
  /** Stops the API and cognito-local and deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Make every emailed code this value. Default: random codes, read with `readCode`. */
  code?: string;
  /** Point the API at a real PostgreSQL instead of PGlite in the temp dir. */
  databaseUrl?: string;
  /**
   * The API's rate limits. Default: limits no suite reaches, because every suite shares one
   * stack from 127.0.0.1 (the limiter still runs on every request). Pass small ones to test a
   * 429, e.g. `{ writesPerUser: { points: 2, seconds: 60 } }`; the others stay out of reach.
   */
  rateLimits?: ApiServerOptions['rateLimits'];
  /** How long cognito-local may take to answer its health check. Default 20 s; the bench waits longer. */
  startTimeoutMs?: number;
  /** The front's clock (lockouts, challenge sessions, grace periods), for tests that move time. */
  now?: () => number;
}

/** The codes `readCode` reads: those cognito-local keeps as ConfirmationCode (not email OTP). */
const CONFIRMATION_PURPOSES = ['sign-up', 'resend', 'forgot-password'] as const;

const STACK_RATE_LIMITS = {
  writesPerUser: { points: 10_000, seconds: 60 },
  writesPerAddress: { points: 10_000, seconds: 60 },
  readsPerUser: { points: 100_000, seconds: 60 },
  readsPerAddress: { points: 100_000, seconds: 60 },
};

/** A whole local stack on free ports in a fresh temp dir: cognito-local, its pool, the front, the API. */
export async function startLocalStack(o: LocalStackOptions = {}): Promise<LocalStack> {
  const dir = await mkdtemp(join(tmpdir(), 'cruddur-stack-'));
  let cognito: LocalCognito | undefined;
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await api?.close();
      await cognito?.stop();
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    // The development option for 60 s and 1 s tokens: never in `npm start` (scripts/cognito-front/README.md).
    cognito = await startLocalCognito({ dir, code: o.code, timeoutMs: o.startTimeoutMs, allowShortTokenLifetimes: true, ...(o.now ? { now: o.now } : {}) });
    const { front } = cognito;
    const credentials = front.credentials;
    const ids = await bootstrap({ endpoint: front.url, credentials, shortLived: true });
    const { userPoolId, region, clientId } = ids;
    const shortLivedClientId = ids.shortLivedClientId ?? '';
    const sdk = cognitoClient({ endpoint: front.url, credentials });
    const expiringClientId = await ensureAppClient(sdk, userPoolId, 'cruddur-companion-expiring', { seconds: 1 });
    sdk.destroy();
    // The front is the issuer of every token it hands out.
    const issuer = front.issuer(userPoolId);
    api = await startApiServer({
      host: '127.0.0.1',
      port: 0,
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      userPoolId,
      region,
      clientIds: [clientId, shortLivedClientId, expiringClientId],
      // GetUser through the front, so a globally signed-out token is refused as on AWS.
      cognitoEndpoint: front.url,
      local: true,
      databaseUrl: o.databaseUrl,
      dataDir: join(dir, 'api-db'),
      corsOrigins: ['http://localhost:3000'],
      rateLimits: o.rateLimits === false ? false : { ...STACK_RATE_LIMITS, ...o.rateLimits },
    });
    return {
      region,
      userPoolId,
      clientId,
      shortLivedClientId,
      expiringClientId,
      cognitoUrl: front.url,
      credentials,
      issuer,
      managedLoginUrl: front.managedLoginUrl,
      apiUrl: api.url,
      dir,
      // The front's own record of what it sent first; cognito-local's db for codes it sent
      // without the front (AdminCreateUser, calls made straight to cognito-local).
      readCode: async (email) => front.deliveries.newest(email, CONFIRMATION_PURPOSES)?.code ?? readConfirmationCode(dir, userPoolId, email),
      deliveries: front.deliveries,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Only the plain-data fields (drops functions), e.g. for vitest's `provide`. */
export function stackInfo(s: StackInfo): StackInfo {
  const { region, userPoolId, clientId, shortLivedClientId, expiringClientId } = s;
  const { cognitoUrl, credentials, issuer, managedLoginUrl, apiUrl, dir } = s;
  return { region, userPoolId, clientId, shortLivedClientId, expiringClientId, cognitoUrl, credentials, issuer, managedLoginUrl, apiUrl, dir };
}

