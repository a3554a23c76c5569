/**
 * A JSON state file the front keeps beside cognito-local's database: read whole, and written
 * whole to a temporary file renamed into place, so a reader never meets a half-written file and
 * `npm start` restarts and several fronts on one data dir agree (front-state.ts,
 * managed-login/store.ts).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class StateFile<T extends object> {
  constructor(private readonly path: string) {}

  /** The state (`{}` before the first write). */
  read(): Partial<T> {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Partial<T>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  /** One synchronous read-modify-write: no other call of this process interleaves. */
  update(change: (state: Partial<T>) => void): void {
    const state = this.read();
    change(state);
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, this.path);
  }
}
