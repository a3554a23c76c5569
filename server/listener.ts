// LISTEN on a real PostgreSQL: one dedicated connection per channel (a pooled connection would
// drop the subscription when it is handed back), reconnected with backoff when it is lost.
// Notifications sent while it was down are not replayed by PostgreSQL, so each (re)connection
// calls `ready` after LISTEN succeeds: the caller reloads the state it mirrors then, and from that
// moment every change reaches it as a notification.
import pg from 'pg';
import type { ListenHandlers } from './sql-driver.ts';

const RETRY_MS = [250, 500, 1000, 2000, 5000];

export async function listenPg(connectionString: string, channel: string, on: ListenHandlers): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const reconnect = () => {
    if (stopped || timer) return;
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 5000;
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      void connect().catch(reconnect);
    }, wait);
    timer.unref();
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString });
    // Registered before connecting: an error without a listener would crash the process.
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client !== c) return;
      client = undefined;
      on.lost();
      reconnect();
    });
    c.on('notification', (n) => {
      if (n.channel === channel) on.notify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
    attempt = 0;
    on.ready();
  }

  // The first connection must work, as the pool's first query must: a wrong URL fails at start.
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
}
