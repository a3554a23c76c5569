import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brokenCognitoFiles, oneAtATime, readCognitoJson } from './cognito-files.ts';

describe('oneAtATime', () => {
  it('starts each task only after the one before has settled, failures included, in order', async () => {
    const serial = oneAtATime();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([serial(task('a', 30, true)), serial(task('b', 5)), serial(task('c', 1))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});

describe('readCognitoJson', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'cognito-files-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is undefined for a file that does not exist', async () => {
    await expect(readCognitoJson(join(dir, 'none.json'))).resolves.toBeUndefined();
  });

  it('waits out a half-written file and returns it once whole', async () => {
    const path = join(dir, 'pool.json');
    await writeFile(path, '{"Users": {"a"');
    setTimeout(() => void writeFile(path, '{"Users": {"a": 1}}'), 30);
    await expect(readCognitoJson(path)).resolves.toEqual({ Users: { a: 1 } });
  });

  it('gives up with the parse error when the file stays broken', async () => {
    const path = join(dir, 'pool.json');
    await writeFile(path, '{} trailing');
    await expect(readCognitoJson(path, 2)).rejects.toThrow(SyntaxError);
  });
});

describe('brokenCognitoFiles', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'cognito-files-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('names the database files that are not JSON, and nothing when there is no database yet', async () => {
    await expect(brokenCognitoFiles(dir)).resolves.toEqual([]);
    const db = join(dir, '.cognito', 'db');
    await mkdir(db, { recursive: true });
    await writeFile(join(db, 'clients.json'), '{"Clients": {}}');
    await writeFile(join(db, 'local_pool.json'), '{"Users": {}} }');
    await expect(brokenCognitoFiles(dir)).resolves.toEqual([join(db, 'local_pool.json')]);
  });
});
