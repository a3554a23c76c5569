import { describeStoreContract } from './store.contract.ts';
import { openSqlDriver } from './sql-driver.ts';

describeStoreContract('PGlite (in-memory)', () => openSqlDriver({}));
