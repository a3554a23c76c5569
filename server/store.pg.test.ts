// The store contract against a real PostgreSQL server (Debian's binaries), through `pg`.
import { afterAll, beforeAll } from 'vitest';
import { describeStoreContract } from './store.contract.ts';
import { openSqlDriver } from './sql-driver.ts';
import { startTestPostgres, type TestPostgres } from './testing/postgres.ts';

let postgres: TestPostgres | undefined;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
}, 30_000);

describeStoreContract('PostgreSQL (pg driver)', () => {
  if (!postgres) throw new Error('PostgreSQL did not start');
  return openSqlDriver({ databaseUrl: postgres.url });
});
