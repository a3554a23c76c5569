/**
 * The hot path: a feed load through the background's path (ApiClient asking the TokenManager
 * for a valid token) vs a direct fetch of the same endpoint with the same token, interleaved
 * in one run, so the ratio is the overhead of the session core. Cognito calls must stay at 0.
 */
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import type { CognitoCalls } from './cognito-calls.ts';
import { signedInCore } from './core.ts';
import { round, summarise, type Summary } from './stats.ts';

export interface HotPathResult {
  rounds: number;
  background: Summary;
  direct: Summary;
  /** background p50 / direct p50. */
  ratioP50: number;
  ratioP95: number;
  cognitoCalls: number;
}

export async function hotPath(stack: StackInfo, calls: CognitoCalls, rounds = 300): Promise<HotPathResult> {
  const { user } = await readyUser(stack, 'bench-hot');
  const core = await signedInCore(stack, user);
  const token = await core.accessToken();
  const url = `${stack.apiUrl}/api/activities/home`;
  const direct = async () => {
    const res = await fetch(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }, credentials: 'omit' });
    if (!res.ok) throw new Error(`direct fetch: HTTP ${res.status}`);
    return (await res.json()) as unknown[];
  };
  // Warm both paths (the API's first GetUser, connection pools, JIT).
  for (let i = 0; i < 20; i += 1) {
    await core.session.homeFeed();
    await direct();
  }
  calls.reset();
  const viaBackground: number[] = [];
  const viaDirect: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    // Alternate which goes first, so neither always pays for the other's garbage.
    const order = i % 2 === 0 ? (['bg', 'direct'] as const) : (['direct', 'bg'] as const);
    for (const which of order) {
      const t = performance.now();
      if (which === 'bg') {
        const feed = await core.session.homeFeed();
        if (!feed.personalised) throw new Error('hot path went anonymous');
        viaBackground.push(performance.now() - t);
      } else {
        await direct();
        viaDirect.push(performance.now() - t);
      }
    }
  }
  const background = summarise(viaBackground);
  const directSummary = summarise(viaDirect);
  return {
    rounds,
    background,
    direct: directSummary,
    ratioP50: round(background.p50 / directSummary.p50),
    ratioP95: round(background.p95 / directSummary.p95),
    cognitoCalls: calls.total(),
  };
}
