import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolDbPath, readConfirmationCode } from './codes.ts';

// A pool database shaped like cognito-local 5.3 writes it: users keyed by their sub.
const db = {
  Users: {
    'sub-1': {
      Username: 'sub-1',
      Attributes: [{ Name: 'sub', Value: 'sub-1' }, { Name: 'email', Value: 'Ann@Example.test' }],
      ConfirmationCode: '482913',
    },
    'sub-2': {
      Username: 'sub-2',
      Attributes: [{ Name: 'email', Value: 'bob@example.test' }],
    },
  },
};

describe('readConfirmationCode', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codes-'));
    await mkdir(join(dir, '.cognito', 'db'), { recursive: true });
    await writeFile(poolDbPath(dir, 'local_pool'), JSON.stringify(db));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the pending code by email, ignoring case', async () => {
    await expect(readConfirmationCode(dir, 'local_pool', 'ann@example.test')).resolves.toBe(
      db.Users['sub-1'].ConfirmationCode,
    );
  });

  it.each([
    ['an unknown email', 'local_pool', 'nobody@example.test', /No user with email nobody@example.test/],
    ['a user with no pending code', 'local_pool', 'bob@example.test', /has no pending confirmation code/],
    ['an unknown pool', 'local_other', 'ann@example.test', /No user pool file at .*local_other.json/],
  ])('fails clearly for %s', async (_case, pool, email, message) => {
    await expect(readConfirmationCode(dir, pool, email)).rejects.toThrow(message);
  });
});
