/**
 * The `Session` strings of sign-in challenges the front answers itself (USER_AUTH's choices and
 * codes, device authentication, the sign-in a confirmed sign-up may start). Like AWS's, each lives
 * for the app client's AuthSessionValidity (3 minutes unless set), belongs to that client, and is
 * good for one answer: whoever moves on gets a new one. They live in this process's memory: a
 * sign-in is answered by the front that started it.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { StoredClient } from './cognito-db.ts';
import { CognitoError } from './errors.ts';

const DEFAULT_SESSION_MINUTES = 3;

export const sessionExpired = () => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');

export class ChallengeSessions<T extends { clientId: string }> {
  private readonly sessions = new Map<string, { data: T; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly random: (n: number) => Buffer = nodeRandomBytes,
  ) {}

  /** A new Session for `data`, valid for `client`'s AuthSessionValidity. */
  open(data: T, client: StoredClient): string {
    const at = this.now();
    for (const [key, s] of this.sessions) if (s.expiresAt <= at) this.sessions.delete(key);
    const id = this.random(96).toString('base64');
    this.sessions.set(id, { data, expiresAt: at + (client.AuthSessionValidity ?? DEFAULT_SESSION_MINUTES) * 60_000 });
    return id;
  }

  /** The live session `id` names for `clientId`, or undefined. */
  peek(id: unknown, clientId: unknown): T | undefined {
    const s = typeof id === 'string' ? this.sessions.get(id) : undefined;
    return s && s.expiresAt > this.now() && s.data.clientId === clientId ? s.data : undefined;
  }

  /** Like peek, but AWS's expired-session error when there is none. */
  find(id: unknown, clientId: unknown): T {
    const data = this.peek(id, clientId);
    if (!data) throw sessionExpired();
    return data;
  }

  /** Ends the session `id` (it was answered). */
  close(id: unknown): void {
    if (typeof id === 'string') this.sessions.delete(id);
  }
}
