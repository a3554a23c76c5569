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
  /** How the session began, when that changes how it refreshes and ends: managed login. */
  via?: SessionVia;
}

/** `managed-login`: signed in through the pool's hosted pages; refreshed and revoked at its OAuth endpoints. */
export type SessionVia = 'managed-login';

export interface SessionStore {
  load(): Promise<SessionRecord | null>;
  save(record: SessionRecord): Promise<void>;
  clear(): Promise<void>;
}

/** The one Cognito call the token manager needs. Errors must already be AuthErrors. */
export interface RefreshPort {
  /** `via`: how the session began (the owner routes a managed-login session to its token endpoint). */
  refresh(refreshToken: string, username: string, via?: SessionVia): Promise<TokenSet>;
}
