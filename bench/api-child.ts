/**
 * The API server in its own process for the load benchmark, so the load generator does not
 * share its event loop. Started by server-load.ts with `fork`; speaks over the IPC channel:
 * sends `{url}` when listening (or `{error}` if it could not start), answers `'stats'` with
 * `stats()`, stops on `'close'`.
 */
import { startApiServer, type ApiServerOptions } from '../server/index.ts';

const options = JSON.parse(process.env.BENCH_API_OPTIONS ?? '{}') as ApiServerOptions;
const api = await startApiServer({ ...options, host: '127.0.0.1', port: 0 }).catch((e: unknown) => {
  // Said to the parent, which names this child and the cause, instead of waiting out its deadline.
  process.send?.({ error: e instanceof Error ? e.message : String(e) }, () => process.exit(1));
  return new Promise<never>(() => undefined);
});
process.on('message', (message: unknown) => {
  if (message === 'stats') process.send?.({ stats: api.stats() });
  if (message === 'close') void api.close().finally(() => process.exit(0));
});
process.on('disconnect', () => void api.close().finally(() => process.exit(0)));
process.send?.({ url: api.url });
