// CLI entry: `npm run server`. Reads the environment (see config.ts), starts the API, prints its
// URL, and stops cleanly on SIGINT/SIGTERM. Start-up problems are one line and exit code 1.
import { ApiStartError, startApiServer } from './api-server.ts';
import { ConfigError, describeLimits, optionsFromEnv } from './config.ts';

async function main(): Promise<void> {
  const options = optionsFromEnv(process.env);
  const server = await startApiServer(options);
  const db = options.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : options.dataDir ? `PGlite in ${options.dataDir}` : 'in-memory PGlite';
  console.log(`Cruddur API listening on ${server.url} (issuer ${options.issuer}, ${db})`);
  console.log(describeLimits(options));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the API`);
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // Known start-up problems are already one plain line; anything else gets its name, still no stack.
  const message = err instanceof ConfigError || err instanceof ApiStartError ? err.message
    : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(`cruddur-api: ${message}`);
  process.exit(1);
});
