/**
 * The session core as the background builds it, in-process: the real CognitoAdapter, the real
 * TokenManager and the real ApiClient, over an in-memory store, against a local stack. A
 * movable clock lets a benchmark make a token "due" without waiting for it.
 */
import { CognitoAdapter } from '../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../src/auth/mirror-storage.ts';
import type { AlarmsPort } from '../src/auth/ports.ts';
import { kvSessionStore } from '../src/auth/session-store.ts';
import { TokenManager } from '../src/auth/token-manager.ts';
import { ApiClient } from '../src/background/api-client.ts';
import type { AuthFlow } from '../src/shared/settings.ts';
import { memoryKV } from '../src/shared/kv.ts';
import type { StackInfo } from '../test/support/stack.ts';
import type { TestUser } from '../test/support/users.ts';

/** Device time = real time + `offsetMs`; move it forward to age tokens. */
export class ShiftedClock {
  offsetMs = 0;
  now = (): number => Date.now() + this.offsetMs;
}

export interface Core {
  cognito: CognitoAdapter;
  tokens: TokenManager;
  api: ApiClient;
  clock: ShiftedClock;
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

/** A signed-in core for `user` (signed in through the adapter, profile read with GetUser). */
export async function signedInCore(
  stack: StackInfo,
  user: TestUser,
  o: { clientId?: string; alarms?: AlarmsPort; apiUrl?: string } = {},
): Promise<Core> {
  const cognito = adapterFor(stack, { clientId: o.clientId });
  const clock = new ShiftedClock();
  const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV()), clock, ...(o.alarms ? { alarms: o.alarms } : {}) });
  const result = await cognito.signIn(user.email, user.password);
  if (result.kind !== 'signed-in') throw new Error(`sign-in: ${result.kind}`);
  await tokens.start(result.tokens, await cognito.getProfile(result.tokens.accessToken));
  const api = new ApiClient({ apiUrl: () => o.apiUrl ?? stack.apiUrl, tokens });
  return { cognito, tokens, api, clock };
}
