/**
 * The user-facing auth flows, composed from the Cognito adapter and the token manager:
 * sign-in (with the NEW_PASSWORD_REQUIRED challenge), sign-up → confirm → signed in, forgot
 * password → signed in, sign-out, and adopting a session the web app already holds.
 *
 * Flow state that must survive a closed popup or a stopped worker (the challenge session, the
 * password typed at sign-up, for signing in right after confirming) lives in `pending`, which
 * the background backs with memory-only, extension-only storage and which expires.
 */
import { memoryKV, type AreaKV } from '../shared/kv.ts';
import { sha256Hex } from '../shared/sha256-hex.ts';
import { getItem, idbFamily, removeItem, sessionItem, setItem, type StorageItem } from '../shared/storage-keys.ts';
import type {
  CognitoAuth,
  DeviceSecret,
  MfaChallenge,
  MfaChallengeName,
  MfaCodeChallengeName,
  MfaStepResult,
  NewPasswordChallenge,
  SignUpInput,
  TotpState,
  TrustedDevice,
} from './cognito-adapter.ts';
import { normaliseEmail } from './email.ts';
import { AuthError } from './errors.ts';
import { systemClock, type Clock, type SessionVia } from './ports.ts';
import type { TokenManager } from './token-manager.ts';
import type { TokenSet } from './token-policy.ts';
import type { AuthState, UserProfile } from '../shared/auth-state.ts';

// What the flows answer: the core's own types. The background maps them to the message contract
// (src/background/auth-wire.ts), so the wire can change without the core, and the other way round.

/** An MFA step to ask the user about: what to ask for, never the challenge session (that stays in `pending`). */
export interface MfaStep {
  step: MfaChallengeName;
  /** Masked address of an emailed or texted code, e.g. `d***@c***`. */
  destination?: string;
  /** SELECT_MFA_TYPE: the kinds to choose from. */
  options?: MfaCodeChallengeName[];
  /** EMAIL_OTP as the sign-in itself ("Email me a code"), not a second step. */
  signInCode?: true;
  /** The pool remembers no browsers (an MFA sign-in here was offered none): no "Trust this browser". */
  remembersNoBrowsers?: true;
}

/** Where a sign-in step leaves the user: signed in, or what to ask for next. */
export type SignInStep =
  | { kind: 'signed-in'; state: AuthState }
  | { kind: 'new-password-required' }
  | { kind: 'confirm-required'; email: string; destination?: string }
  | { kind: 'mfa-required'; mfa: MfaStep };

/** A confirmed account either signs in (the password typed at sign-up is still here) or asks for a sign-in. */
export type ConfirmStep = SignInStep | { kind: 'confirmed' };

/** An authenticator app to set up: its secret, and the otpauth URI to draw as a QR code. */
export interface TotpSetup {
  secret: string;
  uri: string;
}

/** Where Cognito sent a code, masked, when it says. */
export interface CodeSent {
  destination?: string;
}

/** One of the account's remembered devices, this browser marked. */
export interface AccountDevice extends TrustedDevice {
  thisBrowser: boolean;
}

/** What the popup's authenticator app shows next to the codes. */
const TOTP_ISSUER = 'Cruddur';

interface PendingCredentials {
  email: string;
  password: string;
  at: number;
}

/** Pending flow state, in storage.session under these keys (see src/shared/storage-keys.ts). */
// Stryker disable StringLiteral: a name missing from the key table fails the type check and throws
// when this module loads, which Stryker's vitest runner counts as no test run rather than a kill.
const PENDING = {
  challenge: sessionItem<NewPasswordChallenge & { at: number }>('pending:challenge'),
  mfa: sessionItem<MfaChallenge & { at: number }>('pending:mfa'),
  credentials: sessionItem<PendingCredentials>('pending:credentials'),
};
// Stryker restore StringLiteral

/** This browser's remembered device per account, in the durable store beside the session. */
const DEVICES = idbFamily<DeviceSecret>('devices:');

/**
 * Per pool and client: an MFA sign-in from this browser, naming no device, was offered no device
 * to remember (no `NewDeviceMetadata`), so the pool tracks none and the MFA step offers no trust.
 */
const NO_DEVICE_TRACKING = idbFamily<true>('noDeviceTracking:');

/** What Cognito shows in the account's device list for this browser. */
// eslint-disable-next-line ui-text/from-catalog -- the product's name, stored at Cognito once for every language, not shown from here
export const DEVICE_NAME = 'Cruddur Companion';

/** Pending flow state is forgotten after this long. */
export const PENDING_TTL_MS = 60 * 60_000;

export interface AuthServiceOptions {
  cognito: CognitoAuth;
  tokens: TokenManager;
  /** Default: memory. The background passes extension-only session storage. */
  pending?: AreaKV<'session'>;
  clock?: Clock;
  /**
   * Where this browser's remembered devices live (the store of the session record, never one a
   * content script reads), and the pool and client they belong to. Default: memory.
   */
  devices?: { store: AreaKV<'indexeddb'>; scope: string; name?: string };
  /** Ends a managed-login session where it began (revoke at its endpoint, end the hosted session). */
  managedLogin?: ManagedLoginEnd;
}

/** How a session that came through managed login is ended at the pool's domain; best effort. */
export interface ManagedLoginEnd {
  /** `revoke`: revoke the refresh token at `/oauth2/revoke` too (not after a global sign-out). */
  end(refreshToken: string, o: { revoke: boolean }): Promise<void>;
}

export class AuthService {
  readonly #cognito: CognitoAuth;
  readonly #tokens: TokenManager;
  readonly #pending: AreaKV<'session'>;
  readonly #clock: Clock;
  readonly #managedLogin: ManagedLoginEnd | undefined;
  readonly #devices: { store: AreaKV<'indexeddb'>; scope: string; name: string };

  constructor(o: AuthServiceOptions) {
    this.#managedLogin = o.managedLogin;
    this.#cognito = o.cognito;
    this.#tokens = o.tokens;
    this.#pending = o.pending ?? memoryKV();
    this.#clock = o.clock ?? systemClock;
    // Stryker disable next-line StringLiteral: the default scope only salts keys of a private in-memory store
    this.#devices = { store: o.devices?.store ?? memoryKV(), scope: o.devices?.scope ?? '', name: o.devices?.name ?? DEVICE_NAME };
  }

  async signIn(email: string, password: string): Promise<SignInStep> {
    try {
      const device = await this.#device(email);
      const result = await this.#cognito.signIn(email, password, device);
      if (result.staleDevice) await this.#forgetLocalDevice(email);
      if (result.kind === 'new-password-required') {
        await setItem(this.#pending, PENDING.challenge, { ...result.challenge, at: this.#clock.now() });
        return { kind: 'new-password-required' };
      }
      return await this.#outcome(result);
    } catch (e) {
      if (!(e instanceof AuthError) || e.code !== 'user-not-confirmed') throw e;
      // Remember the password so confirming signs in, and send a fresh code: the first one
      // may be long gone. A failed resend is not worth failing the flow over.
      await this.#remember(email, password);
      const sent = await this.#cognito.resendCode(email).catch(() => undefined);
      return { kind: 'confirm-required', email: normaliseEmail(email), ...sent };
    }
  }

  async completeNewPassword(newPassword: string): Promise<SignInStep> {
    const challenge = await this.#fresh(PENDING.challenge);
    if (!challenge) throw new AuthError('mfa-session-expired');
    const result = await this.#cognito.completeNewPassword(challenge, newPassword);
    await removeItem(this.#pending, PENDING.challenge);
    // Signed in, or on to the MFA step the pool asks for next.
    return this.#outcome(result);
  }

  /** The MFA step a sign-in is waiting on, for a popup that was closed and reopened. */
  async pendingMfa(): Promise<MfaStep | null> {
    const challenge = await this.#fresh(PENDING.mfa);
    return challenge ? prompt(challenge, await this.#remembersNoBrowsers()) : null;
  }

  /**
   * Answers the pending MFA step. A wrong code keeps the step; an expired challenge ends it,
   * and the user signs in again. `trust`: remember this browser, so its next sign-in skips the
   * code (where the pool tracks devices); failing that never fails the sign-in.
   */
  async answerMfa(answer: string, trust = false): Promise<SignInStep> {
    const challenge = await this.#mfaChallenge();
    try {
      const result = await this.#cognito.respondToMfa(challenge, answer);
      if (result.kind === 'signed-in') await this.#learnDeviceTracking(challenge.username, result.newDevice !== undefined).catch(() => {});
      // Remembered with the new tokens before anyone learns of the session: a sign-out right
      // after the popup shows home cannot cut it short.
      const secret =
        trust && !challenge.signInCode && result.kind === 'signed-in' && result.newDevice
          ? await this.#cognito.rememberDevice(result.tokens.accessToken, result.newDevice, this.#devices.name).catch(() => undefined)
          : undefined;
      const outcome = await this.#outcome(result);
      if (secret && outcome.kind === 'signed-in' && outcome.state.status === 'signed-in') {
        await setItem(this.#devices.store, DEVICES.item(await this.#deviceId(outcome.state.user.email)), secret);
      }
      return outcome;
    } catch (e) {
      if (e instanceof AuthError && e.code === 'mfa-session-expired') await removeItem(this.#pending, PENDING.mfa);
      throw e;
    }
  }

  /** MFA_SETUP: asks Cognito for an authenticator secret, keeping Cognito's new session. */
  async startMfaSetup(): Promise<TotpSetup> {
    const challenge = await this.#mfaChallenge();
    if (challenge.name !== 'MFA_SETUP') throw new AuthError('invalid-parameter');
    let associated: { secret: string; challenge: MfaChallenge };
    try {
      associated = await this.#cognito.associateTotp(challenge);
    } catch (e) {
      if (e instanceof AuthError && e.code === 'mfa-session-expired') await removeItem(this.#pending, PENDING.mfa);
      throw e;
    }
    await setItem(this.#pending, PENDING.mfa, { ...associated.challenge, at: this.#clock.now() });
    return { secret: associated.secret, uri: totpUri(associated.secret, challenge.username) };
  }

  /** Settings → Two-step verification. */
  async totpState(): Promise<TotpState> {
    return this.#cognito.getTotpState(await this.#tokens.getAccessToken());
  }

  async startTotpSetup(): Promise<TotpSetup> {
    const secret = await this.#cognito.associateTotpForUser(await this.#tokens.getAccessToken());
    const account = this.#tokens.state.status === 'signed-in' ? this.#tokens.state.user.email : '';
    return { secret, uri: totpUri(secret, account) };
  }

  async enableTotp(code: string): Promise<TotpState> {
    await this.#cognito.enableTotp(await this.#tokens.getAccessToken(), code);
    return this.totpState();
  }

  async disableTotp(): Promise<TotpState> {
    await this.#cognito.disableTotp(await this.#tokens.getAccessToken());
    return this.totpState();
  }

  /** Sign-in with an emailed code (choice-based sign-in): the code step, answered with `answerMfa`. */
  async signInWithCode(email: string): Promise<SignInStep> {
    return this.#outcome(await this.#cognito.startEmailCode(email));
  }

  /** Settings → Trusted browsers: the account's remembered devices, this one marked. */
  async trustedDevices(): Promise<AccountDevice[]> {
    const devices = await this.#cognito.listDevices(await this.#tokens.getAccessToken());
    const mine = await this.#device(this.#email());
    return devices.map((d) => ({ ...d, thisBrowser: d.key === mine?.key }));
  }

  /** Forgets one trusted browser at Cognito (this one too: then its secret goes here as well). */
  async forgetDevice(deviceKey: string): Promise<AccountDevice[]> {
    await this.#cognito.forgetDevice(await this.#tokens.getAccessToken(), deviceKey);
    const email = this.#email();
    if ((await this.#device(email))?.key === deviceKey) await this.#forgetLocalDevice(email);
    return this.trustedDevices();
  }

  #email(): string {
    return this.#tokens.state.status === 'signed-in' ? this.#tokens.state.user.email : '';
  }

  async #device(email: string): Promise<DeviceSecret | undefined> {
    const stored = await getItem(this.#devices.store, DEVICES.item(await this.#deviceId(email)));
    return stored && typeof stored.key === 'string' && typeof stored.password === 'string' ? stored : undefined;
  }

  async #forgetLocalDevice(email: string): Promise<void> {
    await removeItem(this.#devices.store, DEVICES.item(await this.#deviceId(email)));
  }

  /** The key of an account's device record: a hash of pool, client and email, so no address is stored in clear. */
  #deviceId(email: string): Promise<string> {
    return sha256Hex(`${this.#devices.scope}\n${normaliseEmail(email)}`);
  }

  /**
   * After an MFA sign-in: a pool that offered this browser a device to remember tracks devices;
   * one that offered none, to a sign-in that named no device of ours, tracks none. (A sign-in
   * that named a device we keep is offered no new one either way, so it says nothing.)
   */
  async #learnDeviceTracking(username: string, offered: boolean): Promise<void> {
    const flag = await this.#noTrackingFlag();
    if (offered) return removeItem(this.#devices.store, flag);
    if (!(await this.#device(username))) await setItem(this.#devices.store, flag, true);
  }

  /** Whether this pool is known to remember no browsers; unknown reads as "it may". */
  async #remembersNoBrowsers(): Promise<boolean> {
    return (await getItem(this.#devices.store, await this.#noTrackingFlag()).catch(() => undefined)) === true;
  }

  /** This pool and client's mark, under a hash of both. */
  async #noTrackingFlag() {
    return NO_DEVICE_TRACKING.item(await sha256Hex(this.#devices.scope));
  }

  async #mfaChallenge(): Promise<MfaChallenge> {
    const challenge = await this.#fresh(PENDING.mfa);
    if (!challenge) throw new AuthError('mfa-session-expired');
    return challenge;
  }

  /** Signed in, or the next MFA step stored (session and all) for the popup to ask about. */
  async #outcome(result: MfaStepResult): Promise<SignInStep> {
    if (result.kind === 'signed-in') {
      await removeItem(this.#pending, PENDING.mfa);
      return this.#start(result.tokens);
    }
    await setItem(this.#pending, PENDING.mfa, { ...result.challenge, at: this.#clock.now() });
    return { kind: 'mfa-required', mfa: prompt(result.challenge, await this.#remembersNoBrowsers()) };
  }

  async signUp(input: SignUpInput): Promise<CodeSent> {
    const result = await this.#cognito.signUp(input);
    await this.#remember(input.email, input.password);
    return result.destination ? { destination: result.destination } : {};
  }

  /**
   * Confirms the account, then signs in with the password typed at sign-up if we still have it;
   * an account made without a password signs in with the Session its confirmation answers.
   */
  async confirmSignUp(email: string, code: string): Promise<ConfirmStep> {
    const pendingSignUp = await this.#fresh(PENDING.credentials);
    if (pendingSignUp?.email === normaliseEmail(email) && pendingSignUp.password === '') return this.#confirmPasswordless(email, code);
    try {
      await this.#cognito.confirmSignUp(email, code);
    } catch (e) {
      if (!(e instanceof AuthError) || e.code !== 'already-confirmed') throw e;
    }
    const credentials = await this.#fresh(PENDING.credentials);
    if (!credentials || credentials.email !== normaliseEmail(email)) return { kind: 'confirmed' };
    await removeItem(this.#pending, PENDING.credentials);
    return this.signIn(credentials.email, credentials.password);
  }

  async #confirmPasswordless(email: string, code: string): Promise<ConfirmStep> {
    let session: string | undefined;
    try {
      session = await this.#cognito.confirmSignUpForSession(email, code);
    } catch (e) {
      if (!(e instanceof AuthError) || e.code !== 'already-confirmed') throw e;
    }
    await removeItem(this.#pending, PENDING.credentials);
    // Confirmed without a session (already confirmed, a second tab): sign in with a code instead.
    if (!session) return { kind: 'confirmed' };
    return this.#outcome(await this.#cognito.signInAfterSignUp(email, session));
  }

  resendCode(email: string): Promise<CodeSent> {
    return this.#cognito.resendCode(email);
  }

  forgotPassword(email: string): Promise<CodeSent> {
    return this.#cognito.forgotPassword(email);
  }

  /** Sets the new password, then signs in with it. */
  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<SignInStep> {
    await this.#cognito.confirmForgotPassword(email, code, newPassword);
    return this.signIn(email, newPassword);
  }

  /**
   * Plain sign-out always ends the local session; revoking the refresh token at Cognito is
   * best effort. Global sign-out must reach Cognito, or it keeps the session and says why.
   * `reason` tells the UI why a plain sign-out happened (default: the user asked for it).
   */
  async signOut(o: { global?: boolean; reason?: 'user' | 'settings-changed' } = {}): Promise<void> {
    const session = await this.#tokens.session();
    const hosted = this.#managedLogin && (await this.#tokens.via()) === 'managed-login' ? this.#managedLogin : undefined;
    if (o.global && session) {
      const accessToken = await this.#tokens.getAccessToken();
      // Signing out everywhere also stops trusting this browser (best effort at Cognito: the
      // access token still works for that call only before the global sign-out).
      const email = this.#email();
      const device = await this.#device(email);
      if (device) {
        await this.#cognito.forgetDevice(accessToken, device.key).catch(() => undefined);
        await this.#forgetLocalDevice(email);
      }
      await this.#cognito.globalSignOut(accessToken);
      await this.#tokens.signOut('global');
      // Global sign-out revoked every token; the hosted session still has to end.
      if (hosted) await hosted.end(session.refreshToken, { revoke: false }).catch(() => {});
      return;
    }
    await this.#tokens.signOut(o.reason ?? 'user');
    if (!session) return;
    if (hosted) await hosted.end(session.refreshToken, { revoke: true }).catch(() => {});
    else await this.#cognito.revoke(session.refreshToken).catch(() => {});
  }

  /**
   * Signs in with tokens another door already checked (managed login: code, state, nonce,
   * audience). The profile comes from Cognito (GetUser), as after any sign-in.
   */
  async signInWithTokens(tokens: TokenSet, via: SessionVia): Promise<Extract<SignInStep, { kind: 'signed-in' }>> {
    const user = await this.#cognito.getProfile(tokens.accessToken);
    await this.#tokens.start(tokens, user, via);
    await removeItem(this.#pending, PENDING.credentials);
    await removeItem(this.#pending, PENDING.mfa);
    return { kind: 'signed-in', state: this.#tokens.state };
  }

  /**
   * Adopts a refresh token another client holds, once Cognito proves it by refreshing it.
   * `o.sub`: the identity the user was shown and accepted; if the refreshed tokens belong to
   * anyone else (a page paired one user's access token with another's refresh token), nothing
   * is adopted. `o.onRefreshed` learns whether Cognito rotated the refresh token, i.e. whether
   * the web app that held it will have to sign in again.
   */
  async adopt(refreshToken: string, o: { sub?: string; onRefreshed?: (rotated: boolean) => void } = {}): Promise<SignInStep> {
    const refreshed = await this.#cognito.refresh(refreshToken, '');
    o.onRefreshed?.(refreshed.refreshToken !== undefined && refreshed.refreshToken !== refreshToken);
    const tokens = { ...refreshed, refreshToken: refreshed.refreshToken ?? refreshToken };
    const user = await this.#cognito.getProfile(tokens.accessToken);
    if (o.sub !== undefined && user.sub !== o.sub) throw new AuthError('session-other-account');
    await this.#tokens.start(tokens, user);
    await removeItem(this.#pending, PENDING.credentials);
    return { kind: 'signed-in', state: this.#tokens.state };
  }

  /** Who an access token belongs to, as Cognito answers (GetUser): the proof behind an offer's label. */
  identify(accessToken: string): Promise<UserProfile> {
    return this.#cognito.getProfile(accessToken);
  }

  async #start(tokens: TokenSet): Promise<SignInStep> {
    const user = await this.#cognito.getProfile(tokens.accessToken);
    await this.#tokens.start(tokens, user);
    await removeItem(this.#pending, PENDING.credentials);
    return { kind: 'signed-in', state: this.#tokens.state };
  }

  async #remember(email: string, password: string): Promise<void> {
    await setItem(this.#pending, PENDING.credentials, { email: normaliseEmail(email), password, at: this.#clock.now() } satisfies PendingCredentials);
  }

  async #fresh<T extends { at: number }>(item: StorageItem<T, 'session'>): Promise<T | undefined> {
    const value = await getItem(this.#pending, item);
    if (value && this.#clock.now() - value.at < PENDING_TTL_MS) return value;
    // Expired (or absent): a password or challenge is not kept a moment longer.
    await removeItem(this.#pending, item);
    return undefined;
  }
}

function prompt(c: MfaChallenge, remembersNoBrowsers: boolean): MfaStep {
  return {
    step: c.name,
    ...(c.destination ? { destination: c.destination } : {}),
    ...(c.options ? { options: c.options } : {}),
    ...(c.signInCode ? { signInCode: true } : {}),
    ...(remembersNoBrowsers ? { remembersNoBrowsers: true } : {}),
  };
}

/** The otpauth URI authenticator apps read from a QR code (Key Uri Format). */
export function totpUri(secret: string, account: string): string {
  const label = encodeURIComponent(`${TOTP_ISSUER}:${account}`);
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(TOTP_ISSUER)}`;
}
