/** What every context may know about the session: data and a state, never a token. */

export interface UserProfile {
  sub: string;
  email: string;
  /** Display name (Cognito `name`). */
  name: string;
  /** The @handle without the `@` (Cognito `preferred_username`). */
  handle: string;
}

/** Why the session ended; the UI turns it into a sentence. */
export type SignOutReason =
  | 'user' // the user pressed "Sign out"
  | 'global' // "Sign out of all devices"
  | 'session-expired' // the refresh token was refused (expired, revoked elsewhere, user gone)
  | 'settings-changed'; // the pool or client changed in the options page

export type AuthState =
  | { status: 'signed-out'; reason?: SignOutReason }
  | {
      status: 'signed-in';
      user: UserProfile;
      /** True while a refresh failed for a passing reason (network, 5xx, throttling) and is being retried. */
      offline: boolean;
    };

export const signedOut = (reason?: SignOutReason): AuthState =>
  reason ? { status: 'signed-out', reason } : { status: 'signed-out' };
