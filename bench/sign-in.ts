/**
 * Sign-in wall time through the real CognitoAdapter against the stack's Cognito front: SRP
 * (the extension's default: the password never leaves the device) vs USER_PASSWORD_AUTH.
 */
import type { AuthFlow } from '../src/shared/settings.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import { adapterFor } from './core.ts';
import { round, summarise, timed, type Summary } from './stats.ts';

export interface SignInResult {
  flow: AuthFlow;
  runs: number;
  median: number;
  summary: Summary;
}

export async function signInTimes(stack: StackInfo, runs = 10): Promise<SignInResult[]> {
  const { user } = await readyUser(stack, 'bench-signin');
  const out: SignInResult[] = [];
  for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
    const adapter = adapterFor(stack, { authFlow: flow });
    await adapter.signIn(user.email, user.password); // warm-up: module init, keep-alive
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const { ms, value } = await timed(() => adapter.signIn(user.email, user.password));
      if (value.kind !== 'signed-in') throw new Error(`${flow}: ${value.kind}`);
      samples.push(ms);
    }
    const summary = summarise(samples);
    out.push({ flow, runs, median: round(summary.p50), summary });
  }
  return out;
}
