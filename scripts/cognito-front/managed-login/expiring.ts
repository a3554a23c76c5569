/**
 * Short-lived things managed login keeps in this process's memory, as the front keeps its SRP and
 * MFA sessions: authorization codes (5 minutes, AWS's), hosted sessions (1 hour, AWS's managed
 * login cookie), federation round trips and WebAuthn challenges. Keys are random and unguessable.
 */
import { randomBytes } from 'node:crypto';

export class Expiring<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `value` under a new random key (or `key`), and returns the key. */
  add(value: T, key = randomBytes(32).toString('base64url')): string {
    const at = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= at) this.entries.delete(k);
    this.entries.set(key, { value, expiresAt: at + this.ttlMs });
    return key;
  }

  /** The live value under `key`, left in place. */
  get(key: string | null | undefined): T | undefined {
    const entry = key ? this.entries.get(key) : undefined;
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  /** The live value under `key`, removed: a second take finds nothing. */
  take(key: string | null | undefined): T | undefined {
    const value = this.get(key);
    if (key) this.entries.delete(key);
    return value;
  }

  delete(key: string | null | undefined): void {
    if (key) this.entries.delete(key);
  }
}
