/**
 * Counts the Cognito calls this process makes, by wrapping `globalThis.fetch` (which
 * amazon-cognito-identity-js's low-level client calls) for requests to one endpoint. A refresh
 * is a `GetTokensFromRefreshToken` (what the adapter sends) or an `InitiateAuth` with
 * `AuthFlow: REFRESH_TOKEN_AUTH` (its fallback for endpoints without the former).
 */
export interface CognitoCalls {
  /** Every call, by operation (`InitiateAuth:REFRESH_TOKEN_AUTH`, `GetUser`, …). */
  byOperation(): Record<string, number>;
  refreshes(): number;
  total(): number;
  reset(): void;
  /** Puts the original fetch back. */
  restore(): void;
}

export function countCognitoCalls(endpoint: string): CognitoCalls {
  const original = globalThis.fetch;
  const origin = new URL(endpoint).origin;
  const counts = new Map<string, number>();
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).origin === origin) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      const op = (headers.get('x-amz-target') ?? '').split('.').pop() ?? '';
      let flow = '';
      if (op === 'InitiateAuth' && typeof init?.body === 'string') {
        flow = `:${(JSON.parse(init.body) as { AuthFlow?: string }).AuthFlow ?? ''}`;
      }
      const key = `${op}${flow}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return original(input, init);
  };
  return {
    byOperation: () => Object.fromEntries(counts),
    refreshes: () => (counts.get('GetTokensFromRefreshToken') ?? 0) + (counts.get('InitiateAuth:REFRESH_TOKEN_AUTH') ?? 0),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
