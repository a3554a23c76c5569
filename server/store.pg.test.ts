// The store contract against a real PostgreSQL server (Debian's binaries), through `pg`.
import { afterAll, beforeAll } from 'vitest';
import { describeHandleContract } from './contract/handles.contract.ts';
import { describeMessageContract } from './contract/messages.contract.ts';
import { describeThreadContract } from './contract/threads.contract.ts';
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

const open = () => {
  if (!postgres) throw new Error('PostgreSQL did not start');
  return openSqlDriver({ databaseUrl: postgres.url });
};
describeStoreContract('PostgreSQL (pg driver)', open);
describeHandleContract('PostgreSQL (pg driver)', open);
describeThreadContract('PostgreSQL (pg driver)', open);
describeMessageContract('PostgreSQL (pg driver)', open);
