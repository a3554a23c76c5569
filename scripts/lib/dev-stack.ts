import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startApiServer } from '../../server/index.ts';
import { STAND_IN_PROVIDER_NAME } from '../oidc-provider/stand-in-provider.ts';
import { startWebApp, type WebApp } from '../web-app/server.ts';
import { bootstrap, cognitoClient, DEMO_USER } from './bootstrap.ts';
import { buildExtension } from './build.ts';
import { brokenCognitoFiles } from './cognito-files.ts';
import { writeEnvFile } from './env-file.ts';
import { startLocalCognito, type LocalCognito } from './local-cognito.ts';
import { credentialsPath, loadOrCreateCredentials } from './local-credentials.ts';
import { extensionRedirectUrls } from './extension-redirects.ts';
import { startLocalManagedLogin, type LocalManagedLogin } from './managed-login-setup.ts';
import { applyPoolMfa, describeMfa, type PoolMfaMode } from './pool-mfa.ts';
import { isPortFree } from './ports.ts';
import { readStackState, writeStackState } from './stack-state.ts';
import { formatSummary } from './summary.ts';

/** A failure the user can fix; printed as its message alone, without a stack trace. */
export class StartError extends Error {
  override name = 'StartError';
}

export interface DevStackOptions {
  /** Project root: `.local/`, `.env.local` and `dist/` live here. */
  root: string;
  /**
   * The AWS-faithful front the extension calls, and the tokens' issuer, so it stays fixed across
   * runs. cognito-local behind it has no port: it listens on a Unix socket no web page can reach.
   */
  frontPort: number;
  apiPort: number;
  /**
   * The stand-in web app (WEB_APP_PORT env var). Default 3000. Its origin is the API's CORS
   * origin and the extension's configured web-app origin, so all three follow it.
   */
  webAppPort?: number;
  /** The stand-in OpenID provider managed login federates with (OIDC_PROVIDER_PORT). Default 9231. */
  oidcProviderPort?: number;
  /** Fixed emailed code (CODE env var). */
  code?: string;
  /** Open Chromium with the extension when a display exists. */
  openBrowser: boolean;
  /** The demo pool's MFA setting (COGNITO_MFA); undefined leaves it as it was. */
  mfa?: PoolMfaMode;
  /** Build dist/chrome and dist/firefox against this stack. Default true. */
  build?: boolean;
  log?: (line: string) => void;
}

export interface DevStack {
  stop(): Promise<void>;
}

const DEFAULT_WEB_APP_PORT = 3000;

/** What `npm start` says as it goes, one line per step (the summary follows them). */
export const START_STEPS = {
  cognito: 'Starting Cognito (cognito-local and its AWS-faithful front)…',
  poolCreated: 'Creating the user pool, its app client and the demo user (first start only)…',
  poolReused: 'Checking the user pool kept in .local/stack.json…',
  managedLogin: 'Starting managed login and its stand-in identity provider…',
  api: 'Starting the Cruddur API and the stand-in web app…',
  build: 'Building the extension for Chrome and Firefox (about 30 seconds)…',
} as const;

/** `npm start`'s work: cognito-local and its front, pool, `.env.local`, API, extension build, summary. */
export async function runDevStack(o: DevStackOptions): Promise<DevStack> {
  const log = o.log ?? console.log;
  const webAppPort = o.webAppPort ?? DEFAULT_WEB_APP_PORT;
  const webAppOrigin = `http://localhost:${webAppPort}`;
  const local = join(o.root, '.local');
  const cognitoDir = join(local, 'cognito');
  await mkdir(cognitoDir, { recursive: true });

  // Check every port first, so nothing is half-started when one is taken.
  for (const [port, variable] of [
    [o.frontPort, 'COGNITO_FRONT_PORT'],
    [o.apiPort, 'API_PORT'],
  ] as const) {
    if (!(await isPortFree(port))) {
      throw new StartError(
        `Port ${port} is busy — is another \`npm start\` running? Stop it or set ${variable}=<another port>.`,
      );
    }
  }

  let cognito: LocalCognito | undefined;
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  let webApp: WebApp | undefined;
  let managedLogin: LocalManagedLogin | undefined;
  let browser: ChildProcess | undefined;
  const stop = async () => {
    browser?.kill();
    await webApp?.close();
    await managedLogin?.close();
    await api?.close();
    await cognito?.stop();
  };

  const broken = await brokenCognitoFiles(cognitoDir);
  if (broken.length > 0) {
    throw new StartError(
      `cognito-local's database is damaged (not JSON): ${broken.map((f) => relative(o.root, f)).join(', ')}. ` +
        `Delete ${relative(o.root, cognitoDir)} to start over with a fresh pool and demo user.`,
    );
  }

  try {
    // Each step says what it is doing while it works: a first start takes half a minute.
    log(START_STEPS.cognito);
    // The stack's IAM credentials, made once: administrative calls are SigV4-signed with them.
    const credentials = loadOrCreateCredentials(credentialsPath(o.root));
    cognito = await startLocalCognito({
      dir: cognitoDir,
      port: o.frontPort,
      code: o.code,
      credentials,
      // AWS would email each code; locally it is printed as it is "sent".
      onCode: (d) => log(`code for ${d.email}: ${d.code} (${d.purpose})`),
    });
    const { front } = cognito;
    const statePath = join(local, 'stack.json');
    const reuse = await readStackState(statePath);
    log(reuse ? START_STEPS.poolReused : START_STEPS.poolCreated);
    const ids = await bootstrap({
      endpoint: front.url,
      credentials,
      demoUser: DEMO_USER,
      reuse,
    });
    await writeStackState(statePath, { region: ids.region, userPoolId: ids.userPoolId, clientId: ids.clientId });

    if (o.mfa) {
      await applyPoolMfa({ endpoint: front.url, credentials, region: ids.region, userPoolId: ids.userPoolId, mode: o.mfa });
      log(describeMfa(o.mfa));
    }
    // Managed login: the stand-in OpenID provider, registered in the pool, and the client's OAuth settings.
    log(START_STEPS.managedLogin);
    const sdk = cognitoClient({ region: ids.region, endpoint: front.url, credentials });
    managedLogin = await startLocalManagedLogin({
      sdk,
      userPoolId: ids.userPoolId,
      clientId: ids.clientId,
      managedLoginUrl: front.managedLoginUrl,
      appUrl: `${webAppOrigin}/`,
      port: o.oidcProviderPort ?? 9231,
      // dist/chrome's and dist/firefox's identity.getRedirectURL(): the popup's managed login comes back there.
      extensionRedirectUrls: extensionRedirectUrls(o.root),
    }).finally(() => sdk.destroy());
    const apiUrl = `http://127.0.0.1:${o.apiPort}`;
    const envFile = join(o.root, '.env.local');
    const extensionEnv = {
      VITE_COGNITO_REGION: ids.region,
      VITE_COGNITO_USER_POOL_ID: ids.userPoolId,
      VITE_COGNITO_CLIENT_ID: ids.clientId,
      VITE_COGNITO_ENDPOINT: front.url,
      // The production flow: the front (scripts/cognito-front) gives cognito-local real SRP.
      VITE_AUTH_FLOW: 'USER_SRP_AUTH',
      VITE_API_URL: apiUrl,
      VITE_WEB_APP_ORIGINS: webAppOrigin,
      // The popup's "Use the sign-in page" and "Continue with StandIn" (when the provider runs).
      VITE_MANAGED_LOGIN_DOMAIN: front.managedLoginUrl,
      VITE_IDENTITY_PROVIDERS: 'issuer' in managedLogin.provider ? STAND_IN_PROVIDER_NAME : '',
    } as const;
    await writeEnvFile(envFile, extensionEnv);

    // The front re-signs every token it hands out with itself as the issuer (contract 1).
    const issuer = front.issuer(ids.userPoolId);
    log(START_STEPS.api);
    api = await startApiServer({
      host: '127.0.0.1',
      port: o.apiPort,
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      userPoolId: ids.userPoolId,
      region: ids.region,
      clientIds: [ids.clientId],
      cognitoEndpoint: front.url,
      local: true,
      dataDir: join(local, 'api-db'),
      corsOrigins: [webAppOrigin],
    });

    // The stand-in Cruddur web app: signs in with amazon-cognito-identity-js, so the panel can
    // offer to reuse its session (scripts/web-app).
    // Optional: a busy web-app port (the API's CORS origin and the extension's default web-app origin)
    // or a failed page build costs the demo page, not the stack.
    let webAppStatus: { url: string } | { notStarted: string };
    if (!(await isPortFree(webAppPort))) webAppStatus = { notStarted: `port ${webAppPort} is busy` };
    else {
      const hosted = { domain: new URL(front.managedLoginUrl).host, providers: 'issuer' in managedLogin.provider ? [STAND_IN_PROVIDER_NAME] : [] };
      webAppStatus = await startWebApp({ port: webAppPort, cognitoUrl: front.url, userPoolId: ids.userPoolId, clientId: ids.clientId, apiUrl, managedLogin: hosted }).then(
        (started) => ((webApp = started), { url: started.url }),
        (error: unknown) => ({ notStarted: (error as Error).message }),
      );
    }

    const buildNote = o.build === false ? 'not built (build: false)' : await buildBoth(extensionEnv, join(o.root, 'dist'), log);
    const summary = formatSummary({
      cognitoUrl: front.url,
      cognitoLocal: `Unix socket ${cognito.cognito.socketPath}, behind the endpoint (no web page can reach it)`,
      credentialsFile: relative(o.root, credentialsPath(o.root)),
      apiUrl: api.url,
      webApp: webAppStatus,
      managedLogin: { url: front.managedLoginUrl, provider: managedLogin.provider },
      region: ids.region,
      userPoolId: ids.userPoolId,
      clientId: ids.clientId,
      demoUser: DEMO_USER,
      fixedCode: o.code,
      envFile: relative(o.root, envFile),
      buildNote,
    });
    log(summary);
    if (o.openBrowser && !buildNote) browser = openChromium(o.root, log);
    return { stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Builds both extensions against the `.env.local` just written. Returns a note when that failed. */
async function buildBoth(env: Record<string, string>, outRoot: string, log: (line: string) => void): Promise<string | undefined> {
  log(START_STEPS.build);
  try {
    await buildExtension({ quiet: true, env, outRoot });
  } catch (error) {
    // The stack is still useful without a fresh build: say why, keep running.
    return `build failed: ${(error as Error).message} (the stack keeps running; fix and run \`npm run build\`).`;
  }
  return undefined;
}

/** Chromium with the extension loaded, in a profile under `.local/`, when a display exists. */
function openChromium(root: string, log: (line: string) => void): ChildProcess | undefined {
  const bin = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((b) => existsSync(b));
  const dist = join(root, 'dist', 'chrome');
  if (!bin || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || !existsSync(join(dist, 'manifest.json'))) {
    return undefined;
  }
  log(`Opening Chromium with dist/chrome loaded (profile .local/chromium).`);
  const child = spawn(
    bin,
    [`--user-data-dir=${join(root, '.local', 'chromium')}`, `--load-extension=${dist}`, '--no-first-run'],
    { stdio: 'ignore' },
  );
  child.on('error', () => log('Could not open Chromium; load dist/chrome by hand as shown above.'));
  return child;
}
