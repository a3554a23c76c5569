/**
 * The front's own memory, kept beside cognito-local's database in `<dataDir>/.cognito/front.json`
 * so an `npm start` restart and several front processes on one data dir agree: which app client
 * received each refresh token (cognito-local's refresh tokens name no client, AWS binds them to
 * one). Written with a rename, so a reader never meets a half-written file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface StateFile {
  /** Refresh token `jti` → the app client it was issued to. */
  refreshClients?: Record<string, string>;
}

export class FrontState {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, '.cognito', 'front.json');
  }

  /** The client a refresh token was issued to through the front; undefined for one it never saw. */
  refreshClient(jti: string): string | undefined {
    return this.read().refreshClients?.[jti];
  }

  noteRefresh(jti: string, clientId: string): void {
    // Read-modify-write in one synchronous stretch: no other call of this process interleaves.
    const state = this.read();
    state.refreshClients = { ...state.refreshClients, [jti]: clientId };
    this.write(state);
  }

  private read(): StateFile {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  private write(state: StateFile): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, this.path);
  }
}
