/**
 * Sign-in wall time through the real CognitoAdapter against the stack's Cognito front: SRP
 * (the extension's default: the password never leaves the device) vs USER_PASSWORD_AUTH. The
 * two flows alternate round by round (and which goes first), so machine drift during the run
 * biases neither; the ratio is taken within each round's pair, then its median, so a slow
 * spell that hits one round moves one ratio, not the whole comparison.
 */
import type { AuthFlow } from '../src/shared/settings.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import { adapterFor } from './core.ts';
import { pairRatios, percentile, round, summarise, timed, type Summary } from './stats.ts';

export interface SignInResult {
  flow: AuthFlow;
  runs: number;
  median: number;
  summary: Summary;
}

export interface SignInTimes {
  flows: SignInResult[];
  /** SRP ms / USER_PASSWORD_AUTH ms, per round: median, lowest, highest. */
  ratio: { median: number; min: number; max: number };
}

export async function signInTimes(stack: StackInfo, runs = 10): Promise<SignInTimes> {
  const { user } = await readyUser(stack, 'bench-signin');
  const flows = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const;
  const adapters = flows.map((flow) => adapterFor(stack, { authFlow: flow }));
  const samples: number[][] = flows.map(() => []);
  for (const adapter of adapters) await adapter.signIn(user.email, user.password); // warm-up: module init, keep-alive
  for (let i = 0; i < runs; i += 1) {
    // Alternate which flow goes first too: ABBA…, so neither always follows the other.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const f of order) {
      const { ms, value } = await timed(() => (adapters[f] as (typeof adapters)[number]).signIn(user.email, user.password));
      if (value.kind !== 'signed-in') throw new Error(`${flows[f]}: ${value.kind}`);
      samples[f]?.push(ms);
    }
  }
  const ratios = pairRatios(samples[0] ?? [], samples[1] ?? []);
  return {
    flows: flows.map((flow, f) => {
      const summary = summarise(samples[f] ?? []);
      return { flow, runs, median: round(summary.p50), summary };
    }),
    ratio: { median: round(percentile(ratios, 50)), min: round(Math.min(...ratios)), max: round(Math.max(...ratios)) },
  };
}
