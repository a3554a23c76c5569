/**
 * The front's own memory, kept beside cognito-local's database in `<dataDir>/.cognito/front.json`
 * so an `npm start` restart and several front processes on one data dir agree:
 * - which app client received each refresh token (cognito-local's refresh tokens name no client,
 *   AWS binds them to one);
 * - each app client's refresh-token rotation setting (cognito-local does not know it);
 * - the refresh tokens the front minted by rotation (opaque, as AWS's are), each standing for the
 *   cognito-local refresh token it was rotated from, and when a token was rotated out;
 * - the sign-in (AWS's `origin_jti`) each refresh token belongs to, and which sign-ins RevokeToken
 *   or GlobalSignOut revoked, so a revocation survives a restart and every front agrees on it;
 * - each pool's MFA setting and each user's MFA settings (TOTP secret, enabled kinds, preference);
 * - what else AWS keeps and cognito-local does not: client settings (AuthSessionValidity), users'
 *   failed sign-ins and code limits (lockout.ts), remembered devices (devices.ts), and accounts
 *   that are passwordless or must reset their password (AdminResetUserPassword).
 * Each change is one synchronous read-modify-write ending in a rename, so a reader never meets a
 * half-written file and no call of this process interleaves.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DeviceRecord } from './devices.ts';
import type { FailureRecord, LimitRecord } from './lockout.ts';
import { StateFile as JsonStateFile } from './state-file.ts';

export interface RefreshTokenRotation {
  Feature: 'ENABLED' | 'DISABLED';
  RetryGracePeriodSeconds?: number;
}

export interface RefreshRecord {
  clientId: string;
  /** The cognito-local refresh token a front-minted one stands for; absent for cognito-local's own. */
  underlying?: string;
  /** When rotation replaced it (ms since epoch). */
  rotatedOutAt?: number;
  /** The sign-in it belongs to: the `origin_jti` of every token refreshed from it. */
  originJti?: string;
  /** That sign-in's `auth_time` (seconds), which AWS keeps across refreshes. */
  authTime?: number;
  /** Its user, as `userKey` in tokens.ts words it, so GlobalSignOut finds all the user's sign-ins. */
  user?: string;
}

interface StateFile {
  /** sha256(refresh token) → its record. */
  refresh?: Record<string, RefreshRecord>;
  /** App client id → its rotation setting. */
  rotation?: Record<string, RefreshTokenRotation>;
  /** `origin_jti` of every revoked sign-in. */
  revokedSignIns?: string[];
  /** User key → the second of the user's last GlobalSignOut. */
  signedOut?: Record<string, number>;
  /** User pool id → its MFA setting (SetUserPoolMfaConfig; cognito-local has none). */
  poolMfa?: Record<string, PoolMfaConfig>;
  /** `<pool id>/<username>` → the user's MFA settings (see mfa.ts). */
  userMfa?: Record<string, UserMfa>;
  /** App client id → the settings cognito-local does not store. */
  clientSettings?: Record<string, ClientSettings>;
  /** `<pool id>/<username>` → failed password sign-ins (lockout.ts). */
  failures?: Record<string, FailureRecord>;
  /** `<purpose>|<pool id>/<username>` → code sends or wrong codes in the current window (lockout.ts). */
  limits?: Record<string, LimitRecord>;
  /** Device key → the device (devices.ts). */
  devices?: Record<string, DeviceRecord>;
  /** `<pool id>/<username>` → account facts cognito-local has no field for. */
  accounts?: Record<string, AccountFlags>;
}

/** What the front keeps of an app client besides rotation. */
export interface ClientSettings {
  /** Minutes a sign-in challenge's Session lives (AWS: 3..15, default 3). */
  AuthSessionValidity?: number;
}

/** Account facts AWS keeps as a status or a missing password. */
export interface AccountFlags {
  /** Signed up without a password (passwordless sign-in only): cognito-local holds a random one nobody knows. */
  passwordless?: boolean;
  /** AdminResetUserPassword: sign-in answers PasswordResetRequiredException until ConfirmForgotPassword. */
  resetRequired?: boolean;
}

/** The parts of the state file keyed by string that other modules read and change whole. */
export type Section = 'clientSettings' | 'failures' | 'limits' | 'devices' | 'accounts';
type SectionValue<K extends Section> = NonNullable<StateFile[K]>[string];

/** A pool's MFA setting, as SetUserPoolMfaConfig takes it and GetUserPoolMfaConfig answers it. */
export interface PoolMfaConfig {
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  SoftwareTokenMfaConfiguration?: { Enabled: boolean };
  /** Present means email codes are one of the pool's factors (AWS turns them on this way). */
  EmailMfaConfiguration?: { Message?: string; Subject?: string };
}

/** One user's MFA settings, which cognito-local does not keep. */
export interface UserMfa {
  /** The verified authenticator secret (base32). */
  totpSecret?: string;
  /** A secret handed out by AssociateSoftwareToken and not verified yet. */
  pendingSecret?: string;
  /** The last TOTP step accepted: a code is good once (AWS's ExpiredCodeException). */
  lastTotpStep?: number;
  totpEnabled?: boolean;
  emailEnabled?: boolean;
  preferred?: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
}

/**
 * Every refresh token the front hands out is opaque, as AWS's are (an encrypted JWT, JWE): five
 * base64url parts whose header names AWS's algorithms, and random bytes for the rest. It stands
 * for the cognito-local refresh token it was minted for, which never leaves the front.
 */
const JWE_HEADER = Buffer.from(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })).toString('base64url');
const PREFIX = `${JWE_HEADER}.`;
const key = (token: string) => createHash('sha256').update(token).digest('base64url');
const opaqueToken = () => [JWE_HEADER, ...[256, 12, 384, 16].map((n) => randomBytes(n).toString('base64url'))].join('.');

export class FrontState {
  private readonly file: JsonStateFile<StateFile>;

  constructor(dataDir: string) {
    this.file = new JsonStateFile(join(dataDir, '.cognito', 'front.json'));
  }

  refresh(token: string): RefreshRecord | undefined {
    return this.read().refresh?.[key(token)];
  }

  /** Whether `token` was minted by the front (and so means nothing to cognito-local by itself). */
  static isMinted(token: string): boolean {
    return token.startsWith(PREFIX);
  }

  noteRefresh(token: string, record: RefreshRecord): void {
    this.update((s) => {
      s.refresh = { ...s.refresh, [key(token)]: record };
    });
  }

  /** Mints an opaque refresh token standing for `record` (whose `underlying` is cognito-local's token). */
  mint(record: RefreshRecord & { underlying: string }): string {
    const token = opaqueToken();
    this.noteRefresh(token, record);
    return token;
  }

  /** Rotates `token` out (from now) and mints its successor, standing for the same cognito-local token. */
  rotate(token: string, record: RefreshRecord, nowMs = Date.now()): string {
    const next = opaqueToken();
    const underlying = record.underlying ?? token;
    this.update((s) => {
      s.refresh = {
        ...s.refresh,
        // A token still within its grace period keeps its first rotation time.
        [key(token)]: { ...record, rotatedOutAt: record.rotatedOutAt ?? nowMs },
        [key(next)]: { clientId: record.clientId, underlying, originJti: record.originJti, authTime: record.authTime, user: record.user },
      };
    });
    return next;
  }

  rotation(clientId: string): RefreshTokenRotation | undefined {
    return this.read().rotation?.[clientId];
  }

  setRotation(clientId: string, rotation: RefreshTokenRotation): void {
    this.update((s) => {
      s.rotation = { ...s.rotation, [clientId]: rotation };
    });
  }

  /** Every sign-in (origin_jti) of `user` the front has handed a refresh token to. */
  signInsOf(user: string): string[] {
    const ids = Object.values(this.read().refresh ?? {}).flatMap((r) => (r.user === user && r.originJti ? [r.originJti] : []));
    return [...new Set(ids)];
  }

  isSignInRevoked(originJti: string): boolean {
    return this.read().revokedSignIns?.includes(originJti) ?? false;
  }

  signedOutAt(user: string): number | undefined {
    return this.read().signedOut?.[user];
  }

  /** Revokes `originJtis` and, when `user` is given, records its sign-out at `second`: one write. */
  revoke(originJtis: readonly string[], user?: { key: string; second: number }): void {
    this.update((s) => {
      s.revokedSignIns = [...new Set([...(s.revokedSignIns ?? []), ...originJtis])];
      if (user) s.signedOut = { ...s.signedOut, [user.key]: user.second };
    });
  }

  poolMfa(poolId: string): PoolMfaConfig | undefined {
    return this.read().poolMfa?.[poolId];
  }

  setPoolMfa(poolId: string, config: PoolMfaConfig): void {
    this.update((s) => {
      s.poolMfa = { ...s.poolMfa, [poolId]: config };
    });
  }

  userMfa(poolId: string, username: string): UserMfa {
    return this.read().userMfa?.[`${poolId}/${username}`] ?? {};
  }

  /** Applies `change` to the user's MFA settings in one read-modify-write. */
  updateUserMfa(poolId: string, username: string, change: (m: UserMfa) => UserMfa): UserMfa {
    let next: UserMfa = {};
    this.update((s) => {
      const id = `${poolId}/${username}`;
      next = change(s.userMfa?.[id] ?? {});
      s.userMfa = { ...s.userMfa, [id]: next };
    });
    return next;
  }

  /** One entry of a section, or undefined. */
  entry<K extends Section>(section: K, id: string): SectionValue<K> | undefined {
    return (this.read()[section] as Record<string, SectionValue<K>> | undefined)?.[id];
  }

  /** Every entry of a section. */
  entries<K extends Section>(section: K): Record<string, SectionValue<K>> {
    return (this.read()[section] as Record<string, SectionValue<K>> | undefined) ?? {};
  }

  /** Replaces one entry in one read-modify-write (`undefined` deletes it); returns what was stored. */
  changeEntry<K extends Section>(section: K, id: string, change: (current: SectionValue<K> | undefined) => SectionValue<K> | undefined): SectionValue<K> | undefined {
    let next: SectionValue<K> | undefined;
    this.update((s) => {
      const all = { ...((s[section] as Record<string, SectionValue<K>> | undefined) ?? {}) };
      next = change(all[id]);
      if (next === undefined) delete all[id];
      else all[id] = next;
      (s as Record<Section, unknown>)[section] = all;
    });
    return next;
  }

  private update(change: (state: StateFile) => void): void {
    this.file.update(change);
  }

  private read(): StateFile {
    return this.file.read();
  }
}
