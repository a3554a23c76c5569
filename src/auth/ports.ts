/** The seams of the session core. Real implementations live in background/, fakes in tests. */
import type { UserProfile } from '../shared/auth-state.ts';
import type { Session, TokenSet } from './token-policy.ts';

export interface Clock {
  /** Device time in ms since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** One named wake-up: the background maps it to `chrome.alarms`, which outlive the worker. */
export interface AlarmsPort {
  schedule(atMs: number): void | Promise<void>;
  clear(): void | Promise<void>;
}

export const noAlarms: AlarmsPort = { schedule() {}, clear() {} };

/** What the token manager persists: tokens plus the profile they belong to. */
export interface SessionRecord {
  session: Session;
  user: UserProfile;
}

export interface SessionStore {
  load(): Promise<SessionRecord | null>;
  save(record: SessionRecord): Promise<void>;
  clear(): Promise<void>;
}

/** The one Cognito call the token manager needs. Errors must already be AuthErrors. */
export interface RefreshPort {
  refresh(refreshToken: string, username: string): Promise<TokenSet>;
}
