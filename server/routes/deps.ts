// What every route module gets from app.ts, and the answers several of them share.
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../bearer-auth.ts';
import { handleKeys, handleProblem, type HandleProblem } from '../handle-rules.ts';
import type { GateRule } from '../http-guards.ts';
import type { Profiles } from '../profiles.ts';
import type { Store, StoredUser } from '../store.ts';

export interface RouteDeps {
  store: Store;
  profiles: Profiles;
  now: () => Date;
  /** The gate for a route: token, revocation and rate limits (http-guards.ts). */
  gate: (rule: GateRule) => MiddlewareHandler<AuthEnv>;
}

export type HandleStatus = 'claimed' | 'taken' | HandleProblem;

/**
 * What became of the handle the user asked for in Cognito (`requested_handle`): `claimed` when
 * the account holds it (or a case/look-alike variant of it), otherwise why not.
 */
export function handleStatus(user: StoredUser): HandleStatus {
  const requested = user.requestedHandle ?? '';
  if (user.handle !== null && handleProblem(requested) === null && handleKeys(requested).key === handleKeys(user.handle).key) return 'claimed';
  return handleProblem(requested) ?? 'taken';
}

/** `GET /api/me`'s answer. */
export const meBody = (user: StoredUser) => ({
  sub: user.sub,
  username: user.username,
  email: user.email,
  name: user.name,
  handle: user.handle,
  requested_handle: user.requestedHandle,
  handle_status: handleStatus(user),
});

const NEEDS_HANDLE = {
  taken: 'another account holds this handle or one that looks like it; choose another with PUT /api/me/handle',
  invalid: 'this handle cannot be used; choose another with PUT /api/me/handle',
};

/**
 * 409 for a route that shows the caller's handle to others (posts, replies, messages) when the
 * account holds none. Null when it holds one.
 */
export function needsHandle(c: Context, user: StoredUser): Response | null {
  if (user.handle !== null) return null;
  const reason = handleStatus(user) === 'taken' ? 'taken' : 'invalid';
  return c.json({ error: `handle_${reason}`, error_description: NEEDS_HANDLE[reason], requested_handle: user.requestedHandle }, 409);
}

export const notFound = (c: Context, what: string) => c.json({ error: 'not_found', error_description: what }, 404);

/** The caller as stored now: what a cached profile may not know yet (a handle chosen in another process). */
export async function currentUser(d: RouteDeps, c: Context<AuthEnv>): Promise<StoredUser> {
  const auth = c.get('auth');
  if (!auth) throw new Error('the gate let an anonymous request through');
  const cached = await d.profiles.forToken(auth);
  return (await d.store.getUser(auth.sub)) ?? cached;
}
