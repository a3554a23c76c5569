import { describeHandleContract } from './contract/handles.contract.ts';
import { describeMessageContract } from './contract/messages.contract.ts';
import { describeThreadContract } from './contract/threads.contract.ts';
import { describeStoreContract } from './store.contract.ts';
import { openSqlDriver } from './sql-driver.ts';

const open = () => openSqlDriver({});
describeStoreContract('PGlite (in-memory)', open);
describeHandleContract('PGlite (in-memory)', open);
describeThreadContract('PGlite (in-memory)', open);
describeMessageContract('PGlite (in-memory)', open);
