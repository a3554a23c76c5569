/**
 * `npm start`: the whole local stack on this machine, no AWS account needed. Wires only; the
 * work is in scripts/lib/dev-stack.ts. Options via env: COGNITO_FRONT_PORT (9230, the endpoint
 * clients use; cognito-local behind it has no port, only a Unix socket), API_PORT (4567), WEB_APP_PORT (3000, the
 * stand-in web app; the API's CORS origin and the extension's web-app origin follow it), CODE
 * (fixed emailed code), NO_BROWSER=1 (never open Chromium), COGNITO_MFA=OFF|OPTIONAL|ON (the demo
 * pool's MFA), OIDC_PROVIDER_PORT (9231, the stand-in OpenID provider managed login federates with).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Names of declared dependencies that are not in node_modules (e.g. `npm install` never ran). */
function missingDependencies(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
}

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${variable}=${raw} is not a port number (1–65535).`);
    process.exit(1);
  }
  return value;
}

/** COGNITO_MFA, checked before anything starts (`parse` comes in with the late imports). */
function mfaMode<T>(parse: (raw: string | undefined) => T): T {
  try {
    return parse(process.env.COGNITO_MFA);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const missing = missingDependencies();
  if (missing.length) {
    console.error(`Missing dependencies: ${missing.join(', ')}.\nRun \`npm install\` first, then \`npm start\`.`);
    process.exit(1);
  }
  // The SDK warns about Node 20 on every start; it is noise in the one summary we print.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Imported only now: with dependencies missing, a static import would fail with a stack trace.
  const { runDevStack, StartError } = await import('./lib/dev-stack.ts');
  const { parseMfaMode } = await import('./lib/pool-mfa.ts');

  try {
    const stack = await runDevStack({
      root,
      frontPort: port('COGNITO_FRONT_PORT', 9230),
      apiPort: port('API_PORT', 4567),
      webAppPort: port('WEB_APP_PORT', 3000),
      oidcProviderPort: port('OIDC_PROVIDER_PORT', 9231),
      code: process.env.CODE || undefined,
      openBrowser: !process.env.NO_BROWSER,
      mfa: mfaMode(parseMfaMode),
    });
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping…');
      stack.stop().then(
        () => {
          console.log('Stopped. Data is kept in .local/.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`Stopped with an error: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (error) {
    const err = error as Error;
    // Our own StartErrors are complete sentences; anything else gets its message and a hint.
    console.error(err instanceof StartError ? err.message : `npm start failed: ${err.message}`);
    if (!(err instanceof StartError)) console.error('(Set DEBUG=1 for the stack trace.)');
    if (process.env.DEBUG) console.error(err.stack);
    process.exit(1);
  }
}

void main();
