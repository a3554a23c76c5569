import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Ids `npm start` remembers in `.local/stack.json` so a second run reuses the same pool. */
export interface StackState {
  region: string;
  userPoolId: string;
  clientId: string;
}

/** The saved ids, or undefined when there are none (first run) or the file is unreadable. */
export async function readStackState(path: string): Promise<StackState | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<StackState>;
    if (typeof data.userPoolId === 'string' && typeof data.clientId === 'string') {
      return { region: data.region ?? 'us-east-1', userPoolId: data.userPoolId, clientId: data.clientId };
    }
  } catch {
    // Missing or hand-edited into nonsense: bootstrap finds the pool by name instead.
  }
  return undefined;
}

export async function writeStackState(path: string, state: StackState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(state, null, 2) + '\n');
}
