/**
 * Authenticator-app codes for tests, as a phone would show them. The front accepts each TOTP
 * step once (as AWS does), so a test that signs in twice takes the next step's code, which
 * AWS's ±1 step still accepts, or waits for a new step when both are spent.
 */
import { base32Decode, hotp, stepAt, STEP_SECONDS } from '../../scripts/cognito-front/totp.ts';

const spent = new Map<string, number>();

/** A code for `secret` that the front has not seen yet. */
export async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const now = stepAt(Date.now());
    const step = Math.max(now, (spent.get(secret) ?? -Infinity) + 1);
    if (step <= now + 1) {
      spent.set(secret, step);
      return hotp(base32Decode(secret), step);
    }
    const nextStepMs = (now + 1) * STEP_SECONDS * 1000;
    await new Promise((resolve) => setTimeout(resolve, nextStepMs - Date.now() + 50));
  }
}

/** A six-digit code that none of the three steps the front accepts right now would produce. */
export function wrongCode(secret: string): string {
  const now = stepAt(Date.now());
  const valid = [now - 1, now, now + 1, now + 2].map((s) => hotp(base32Decode(secret), s));
  return ['000000', '111111', '222222', '333333', '444444'].find((c) => !valid.includes(c)) ?? '555555';
}
