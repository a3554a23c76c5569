// Who the caller is. An access token holds `sub` and `username` but no name or @handle, so
// the first authenticated request asks Cognito's GetUser (with the caller's own, already
// verified token) and keeps the answer in the `users` table and in memory. The same call
// works against AWS and cognito-local, whose ID tokens also lack those attributes.
import { ensureWelcome } from './seed.ts';
import type { Store, UserProfile } from './store.ts';
import { TokenError, type VerifiedToken } from './verify-token.ts';

export interface ProfilesOptions {
  store: Store;
  /** Cognito's JSON endpoint, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/`. */
  cognitoEndpoint: string;
  /** How long a profile is reused before GetUser is asked again (name changes). Default 5 min. */
  ttlMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface Profiles {
  forToken(auth: VerifiedToken): Promise<UserProfile>;
}

/** Cognito was unreachable and we have never seen this user: answer 502, not 500. */
export class ProfileUnavailableError extends Error {
  override readonly name = 'ProfileUnavailableError';
}

const MAX_CACHED = 1000;

export function createProfiles(o: ProfilesOptions): Profiles {
  const fetchImpl = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const ttlMs = o.ttlMs ?? 5 * 60_000;
  const cache = new Map<string, { profile: UserProfile; at: number }>();
  const inFlight = new Map<string, Promise<UserProfile>>();

  async function load(auth: VerifiedToken): Promise<UserProfile> {
    let profile: UserProfile;
    try {
      profile = await getUser(auth);
    } catch (err) {
      if (err instanceof TokenError) throw err;
      // Cognito is down: a user we already know keeps working with the stored profile.
      const stored = await o.store.getUser(auth.sub);
      if (stored) return stored;
      throw new ProfileUnavailableError('cannot read the user profile from Cognito');
    }
    await o.store.upsertUser(profile);
    await ensureWelcome(o.store, profile);
    // Renewing an entry must not evict another user: take it out first (this also moves it last).
    cache.delete(profile.sub);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
    cache.set(profile.sub, { profile, at: now() });
    return profile;
  }

  async function getUser(auth: VerifiedToken): Promise<UserProfile> {
    const res = await fetchImpl(o.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser',
      },
      body: JSON.stringify({ AccessToken: auth.token }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json().catch(() => ({}))) as GetUserResponse;
    if (!res.ok) {
      const type = String(body.__type ?? '');
      // A signed, unexpired token that Cognito refuses was revoked (sign-out, RevokeToken).
      if (type.endsWith('NotAuthorizedException')) {
        await remember(auth);
        throw new TokenError('invalid_token', 'token revoked');
      }
      throw new Error(`GetUser failed: HTTP ${res.status} ${type}`);
    }
    const attr = (name: string) => body.UserAttributes?.find((a) => a.Name === name)?.Value ?? '';
    const username = body.Username ?? auth.username;
    const handle = attr('preferred_username') || username;
    return { sub: auth.sub, username, email: attr('email'), name: attr('name') || handle, handle };
  }

  // Shared through the store: the profile cache below is per process, so without this list a
  // process that cached the user earlier would keep taking a token another process saw revoked.
  async function remember(auth: VerifiedToken): Promise<void> {
    const { jti, exp } = auth.payload;
    if (typeof jti !== 'string' || typeof exp !== 'number') return;
    // Best effort: failing to record it must not turn "revoked" into "Cognito unavailable",
    // which would fall back to the stored profile and let the token through.
    await o.store.revokeToken(jti, new Date(exp * 1000)).catch((err: unknown) => {
      console.error(`[api] cannot record a revoked token: ${err instanceof Error ? err.message : 'error'}`);
    });
  }

  async function refuseRevoked(auth: VerifiedToken): Promise<void> {
    const { jti } = auth.payload;
    if (typeof jti === 'string' && await o.store.isRevoked(jti, new Date(now()))) {
      throw new TokenError('invalid_token', 'token revoked');
    }
  }

  return {
    async forToken(auth) {
      await refuseRevoked(auth);
      const hit = cache.get(auth.sub);
      if (hit && now() - hit.at < ttlMs) return hit.profile;
      // Concurrent first requests of one user share one GetUser call.
      let pending = inFlight.get(auth.sub);
      if (!pending) {
        pending = load(auth).finally(() => inFlight.delete(auth.sub));
        inFlight.set(auth.sub, pending);
      }
      return pending;
    },
  };
}

interface GetUserResponse {
  __type?: string;
  Username?: string;
  UserAttributes?: { Name: string; Value?: string }[];
}
