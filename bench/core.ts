/**
 * The session as the background builds it, in-process: the worker's own factory
 * (`createSessionOwner`: the real CognitoAdapter, TokenManager, AuthService and ApiClient) over
 * in-memory stores, against a local stack. A movable clock lets a benchmark make a token "due"
 * without waiting for it.
 */
import { CognitoAdapter } from '../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../src/auth/mirror-storage.ts';
import { noAlarms, type AlarmsPort } from '../src/auth/ports.ts';
import { SESSION_RECORD } from '../src/auth/session-store.ts';
import { createSessionOwner, type SessionOwner } from '../src/background/session-owner.ts';
import type { AuthFlow } from '../src/shared/settings.ts';
import { memoryKV } from '../src/shared/kv.ts';
import { getItem } from '../src/shared/storage-keys.ts';
import type { StackInfo } from '../test/support/stack.ts';
import type { TestUser } from '../test/support/users.ts';

/** Device time = real time + `offsetMs`; move it forward to age tokens. */
export class ShiftedClock {
  offsetMs = 0;
  now = (): number => Date.now() + this.offsetMs;
}

export interface Core {
  /** What the worker's handlers call: the auth commands and the API calls. */
  session: SessionOwner;
  clock: ShiftedClock;
  /** The stored access token, for a baseline request that skips the session core. */
  accessToken(): Promise<string>;
}

export function adapterFor(stack: StackInfo, o: { clientId?: string; authFlow?: AuthFlow; endpoint?: string } = {}): CognitoAdapter {
  return new CognitoAdapter(
    {
      region: stack.region,
      userPoolId: stack.userPoolId,
      clientId: o.clientId ?? stack.clientId,
      endpoint: o.endpoint ?? stack.cognitoUrl,
      authFlow: o.authFlow ?? 'USER_PASSWORD_AUTH',
    },
    { storage: new MirrorStorage(memoryKV()) },
  );
}

/** A signed-in core for `user` (signed in as the popup does: the auth service, then GetUser). */
export async function signedInCore(
  stack: StackInfo,
  user: TestUser,
  o: { clientId?: string; alarms?: AlarmsPort; apiUrl?: string } = {},
): Promise<Core> {
  const clock = new ShiftedClock();
  const durable = memoryKV<'indexeddb'>();
  const session = await createSessionOwner({
    settings: {
      region: stack.region,
      userPoolId: stack.userPoolId,
      clientId: o.clientId ?? stack.clientId,
      endpoint: stack.cognitoUrl,
      authFlow: 'USER_PASSWORD_AUTH',
      apiUrl: o.apiUrl ?? stack.apiUrl,
      webAppOrigins: [],
    },
    durable,
    pending: memoryKV(),
    alarms: o.alarms ?? noAlarms,
    clock,
  });
  const result = await session.auth.signIn(user.email, user.password);
  if (result.kind !== 'signed-in') throw new Error(`sign-in: ${result.kind}`);
  const accessToken = async () => {
    const record = await getItem(durable, SESSION_RECORD);
    if (!record) throw new Error('not signed in');
    return record.session.accessToken;
  };
  return { session, clock, accessToken };
}
