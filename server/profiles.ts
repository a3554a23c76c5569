// Who the caller is. An access token holds `sub` and `username` but no name or @handle, so
// the first authenticated request asks Cognito's GetUser (with the caller's own, already
// verified token) and keeps the answer in the `users` table and in memory. The same call
// works against AWS and cognito-local, whose ID tokens also lack those attributes.
import { hiddenCharacterFields, type ProfileField } from './label-text.ts';
import type { Revocations } from './revocations.ts';
import { ensureWelcome } from './seed.ts';
import type { CognitoProfile, Store, StoredUser } from './store.ts';
import { TokenError, type VerifiedToken } from './verify-token.ts';

export interface ProfilesOptions {
  store: Store;
  /** Where revocations Cognito reports are recorded for every process. */
  revocations: Pick<Revocations, 'revoke'>;
  /** Cognito's JSON endpoint, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/`. */
  cognitoEndpoint: string;
  /** How long a profile is reused before GetUser is asked again (name changes). Default 5 min. */
  ttlMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface Profiles {
  /**
   * The caller as stored, after asking GetUser at most once per `ttlMs` per process. Throws
   * TokenError (revoked), InvalidProfileError (422) or ProfileUnavailableError (502).
   */
  forToken(auth: VerifiedToken): Promise<StoredUser>;
}

/** Cognito was unreachable and we have never seen this user: answer 502, not 500. */
export class ProfileUnavailableError extends Error {
  override readonly name = 'ProfileUnavailableError';
}

/**
 * The user's Cognito profile holds a control or other hidden character (label-text.ts): it is
 * neither stored nor shown, and every route that needs the caller's profile answers 422 until
 * the user changes it in Cognito.
 */
export class InvalidProfileError extends Error {
  override readonly name = 'InvalidProfileError';
  constructor(readonly fields: ProfileField[]) {
    super(`the account's ${fields.join(', ')} holds control or invisible characters`);
  }
}

const MAX_CACHED = 1000;

type Cached = { at: number } & ({ profile: StoredUser } | { refused: InvalidProfileError });

export function createProfiles(o: ProfilesOptions): Profiles {
  const fetchImpl = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const ttlMs = o.ttlMs ?? 5 * 60_000;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<StoredUser>>();

  const remember = (sub: string, entry: Cached) => {
    // Renewing an entry must not evict another user: take it out first (this also moves it last).
    cache.delete(sub);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
    cache.set(sub, entry);
  };

  async function load(auth: VerifiedToken): Promise<StoredUser> {
    let cognito: CognitoProfile;
    try {
      cognito = await getUser(auth);
    } catch (err) {
      if (err instanceof TokenError) throw err;
      // Cognito is down: a user we already know keeps working with the stored profile.
      const stored = await o.store.getUser(auth.sub);
      if (stored) return stored;
      throw new ProfileUnavailableError('cannot read the user profile from Cognito');
    }
    const fields = hiddenCharacterFields({
      name: cognito.name, preferred_username: cognito.requestedHandle, email: cognito.email, username: cognito.username,
    });
    if (fields.length > 0) {
      // Remembered like a profile, so a broken account costs Cognito no more than a good one.
      const refused = new InvalidProfileError(fields);
      remember(auth.sub, { refused, at: now() });
      throw refused;
    }
    const profile = await o.store.saveProfile(cognito);
    await ensureWelcome(o.store, profile, new Date(now()));
    remember(auth.sub, { profile, at: now() });
    return profile;
  }

  async function getUser(auth: VerifiedToken): Promise<CognitoProfile> {
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
        await recordRevoked(auth);
        throw new TokenError('invalid_token', 'token revoked');
      }
      throw new Error(`GetUser failed: HTTP ${res.status} ${type}`);
    }
    const attr = (name: string) => body.UserAttributes?.find((a) => a.Name === name)?.Value ?? '';
    const username = body.Username ?? auth.username;
    const requestedHandle = attr('preferred_username') || username;
    return { sub: auth.sub, username, email: attr('email'), name: attr('name') || requestedHandle, requestedHandle };
  }

  // Shared through the store: the profile cache below is per process, so without this list a
  // process that cached the user earlier would keep taking a token another process saw revoked.
  async function recordRevoked(auth: VerifiedToken): Promise<void> {
    const { jti, exp } = auth.payload;
    if (typeof jti !== 'string' || typeof exp !== 'number') return;
    // Best effort: failing to record it must not turn "revoked" into "Cognito unavailable",
    // which would fall back to the stored profile and let the token through.
    await o.revocations.revoke(jti, new Date(exp * 1000)).catch((err: unknown) => {
      console.error(`[api] cannot record a revoked token: ${err instanceof Error ? err.message : 'error'}`);
    });
  }

  return {
    async forToken(auth) {
      const hit = cache.get(auth.sub);
      if (hit && now() - hit.at < ttlMs) {
        if ('refused' in hit) throw hit.refused;
        return hit.profile;
      }
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
