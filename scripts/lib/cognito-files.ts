/**
 * cognito-local 5.3 keeps each pool in a JSON file that stormdb rewrites in place with
 * `fs.writeFile` (truncate, then write). Two saves in flight at once interleave and leave a file
 * that is not JSON until the next save; a read during one save sees it half written. The front
 * (scripts/cognito-front) prevents the first by sending cognito-local one call at a time; readers
 * here retry the second.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parsed file, `undefined` when it does not exist; retried while it reads as half written. */
export async function readCognitoJson<T>(path: string, attempts = 5): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (!(error instanceof SyntaxError) || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Runs the tasks it is given one at a time, in the order given, whatever each one's outcome. */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The files of cognito-local's database under `dataDir` that are not JSON, which cognito-local
 * would die on at start with a stack trace (e.g. a pool file damaged before the front queued
 * its calls).
 */
export async function brokenCognitoFiles(dataDir: string): Promise<string[]> {
  const db = join(dataDir, '.cognito', 'db');
  const names = await readdir(db).catch(() => [] as string[]);
  const broken: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      JSON.parse(await readFile(join(db, name), 'utf8'));
    } catch {
      broken.push(join(db, name));
    }
  }
  return broken;
}
