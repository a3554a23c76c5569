/**
 * Fakes for unit tests of the session core, passed in through constructor options.
 * Not imported by production code.
 */
import type { UserProfile } from '../shared/auth-state.ts';
import type { Settings } from '../shared/settings.ts';
import type {
  CognitoAuth,
  DeviceSecret,
  MfaChallenge,
  MfaCodeChallengeName,
  MfaStepResult,
  NewDevice,
  NewPasswordChallenge,
  SignInResult,
  SignUpInput,
  TrustedDevice,
} from './cognito-adapter.ts';
import { normaliseEmail } from './email.ts';
import { AuthError } from './errors.ts';
import { decodeJwt } from '../shared/jwt.ts';
import type { AlarmsPort, RefreshPort } from './ports.ts';
import type { TokenSet } from './token-policy.ts';

/** Valid settings of an AWS pool, for owners and handlers under test; spread to change a field. */
export const TEST_SETTINGS: Settings = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'client1',
  authFlow: 'USER_SRP_AUTH',
  apiUrl: 'https://api.cruddur.com',
  webAppOrigins: [],
};

function base64Url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned JWT-shaped token: the client only reads claims, the API verifies signatures. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${base64Url({ alg: 'RS256', kid: 'test' })}.${base64Url(claims)}.signature`;
}

/** Mints tokens on the issuer's (true) clock, which is `Date.now()` under fake timers. */
export function mintTokens(o: { lifetimeSeconds?: number; sub?: string; serial?: number; refreshToken?: string } = {}): TokenSet {
  const iat = Math.floor(Date.now() / 1000);
  const sub = o.sub ?? 'sub-1';
  const common = { sub, iat, exp: iat + (o.lifetimeSeconds ?? 3600), jti: `jti-${o.serial ?? 0}` };
  return {
    accessToken: fakeJwt({ ...common, token_use: 'access', username: sub, client_id: 'client-1' }),
    idToken: fakeJwt({ ...common, token_use: 'id', aud: 'client-1' }),
    ...(o.refreshToken ? { refreshToken: o.refreshToken } : {}),
  };
}

/**
 * A Cognito that only refreshes: counts calls, can fail on demand, can hold a call open, and
 * can rotate refresh tokens like a client with `RefreshTokenRotation` and no grace period.
 */
export class FakeCognito implements RefreshPort {
  calls = 0;
  lifetimeSeconds = 3600;
  /** Errors to throw on the next calls, in order. */
  failures: unknown[] = [];
  #gate: Promise<void> | null = null;
  #open: (() => void) | null = null;

  /** Holds refresh calls open until `release()`: lets tests pile callers onto one refresh. */
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = null;
  }

  /** Every refresh token received, in order. */
  received: string[] = [];
  /** Every refresh call's arguments, in order: tests check what was sent, not just how often. */
  sent: { refreshToken: string; username: string }[] = [];
  /**
   * The refresh token Cognito currently honours; set it to check the one sent. A different one
   * fails as a revoked token does (`session-expired`). Undefined accepts any (older tests).
   */
  validRefreshToken: string | undefined;
  /** Issue a new refresh token with every refresh, as a pool with rotation does. */
  rotate = false;

  /** Starts rotating with a grace period of 0: `current` is the refresh token the session holds now. */
  rotateFrom(current: string): void {
    this.validRefreshToken = current;
    this.rotate = true;
  }

  async refresh(refreshToken: string, username: string): Promise<TokenSet> {
    this.calls += 1;
    this.received.push(refreshToken);
    this.sent.push({ refreshToken, username });
    const serial = this.calls;
    if (this.#gate) await this.#gate;
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    if (this.validRefreshToken !== undefined && refreshToken !== this.validRefreshToken) {
      throw new AuthError('session-expired');
    }
    if (!this.rotate) return mintTokens({ lifetimeSeconds: this.lifetimeSeconds, serial });
    const rotated = `rotated-${serial}`;
    if (this.validRefreshToken !== undefined) this.validRefreshToken = rotated;
    return mintTokens({ lifetimeSeconds: this.lifetimeSeconds, serial, refreshToken: rotated });
  }
}

export class FakeAlarms implements AlarmsPort {
  /** Every time scheduled, in order (device ms). */
  scheduled: number[] = [];
  pending: number | null = null;

  schedule(atMs: number): void {
    this.scheduled.push(atMs);
    this.pending = atMs;
  }

  clear(): void {
    this.pending = null;
  }
}

interface FakeUser {
  password: string;
  confirmed: boolean;
  code: string;
  name: string;
  handle: string;
  mustChangePassword?: boolean;
  /**
   * MFA at sign-in: a code kind, SELECT_MFA_TYPE between `mfaOptions`, or MFA_SETUP (the pool
   * requires MFA and the user has none). The right code is always `mfaCode`.
   */
  mfa?: MfaCodeChallengeName | 'SELECT_MFA_TYPE' | 'MFA_SETUP';
  mfaOptions?: MfaCodeChallengeName[];
}

/**
 * An in-memory Cognito with the whole CognitoAuth surface, for unit tests of the flows.
 * Behaves like a pool with email as username and user-existence errors prevented.
 */
export class FakeCognitoAuth extends FakeCognito implements CognitoAuth {
  users = new Map<string, FakeUser>();
  revoked: string[] = [];
  globalSignOuts = 0;
  /** The code every MFA step accepts. */
  mfaCode = '123456';
  /** Every MFA answer received: the challenge as given, and the answer. */
  mfaAnswers: { challenge: MfaChallenge; answer: string }[] = [];
  /** The only challenge session this Cognito accepts next; a new one per step, like Cognito. */
  #session = '';
  #sessions = 0;
  /** Errors to throw from the next `revoke`/`globalSignOut`. */
  signOutFailures: unknown[] = [];
  #codes = 0;

  addUser(email: string, user: Partial<FakeUser> = {}): void {
    this.users.set(email, { password: 'Passw0rd!', confirmed: true, code: '000000', name: 'Ada', handle: 'ada', ...user });
  }

  #get(email: string): FakeUser {
    const user = this.users.get(normaliseEmail(email));
    if (!user) throw new AuthError('incorrect-credentials');
    return user;
  }

  #newCode(user: FakeUser): { destination: string } {
    this.#codes += 1;
    user.code = String(100000 + this.#codes);
    return { destination: 'a***@e***' };
  }

  async signUp(input: SignUpInput) {
    const email = normaliseEmail(input.email);
    if (this.users.has(email)) throw new AuthError('username-exists');
    // Without a password only where email codes are a way in (SignUp's validation error otherwise).
    if (!input.password && !this.emailCodes) throw new AuthError('password-needed');
    this.addUser(email, { password: input.password, confirmed: false, name: input.name, handle: input.handle });
    return { confirmed: false, ...this.#newCode(this.#get(email)) };
  }

  async confirmSignUp(email: string, code: string) {
    const user = this.#get(email);
    if (user.confirmed) throw new AuthError('already-confirmed');
    if (user.code !== code) throw new AuthError('code-mismatch');
    user.confirmed = true;
  }

  async resendCode(email: string) {
    return this.#newCode(this.#get(email));
  }

  /** Every device passed to `signIn`, in order (undefined for none). */
  devicesPresented: (DeviceSecret | undefined)[] = [];

  async signIn(email: string, password: string, device?: DeviceSecret): Promise<SignInResult> {
    this.devicesPresented.push(device);
    const user = this.#get(email);
    if (user.password !== password) throw new AuthError('incorrect-credentials');
    if (!user.confirmed) throw new AuthError('user-not-confirmed');
    if (user.mustChangePassword) {
      return { kind: 'new-password-required', challenge: { username: email, session: 'challenge-session' } };
    }
    const remembered = device ? this.remembered.get(device.key) : undefined;
    const stale = device !== undefined && !remembered;
    // A remembered device of this user that proves its secret spares the MFA step (the pool's ChallengeRequiredOnNewDevice).
    const spared = remembered?.email === normaliseEmail(email) && remembered.password === device?.password;
    const result = user.mfa && !spared ? this.#challenge(email, user.mfa) : this.#signedIn(email, !spared);
    return stale ? { ...result, staleDevice: true } : result;
  }

  /** The pool tracks devices: each sign-in on a device it does not know brings `newDevice`. */
  trackDevices = false;
  /** Remembered devices by key, with their user, secret and name. */
  remembered = new Map<string, { email: string; password: string; name: string }>();
  #devices = 0;
  /** The pool has choice-based sign-in with email codes; off, `startEmailCode` is refused. */
  emailCodes = true;

  #signedIn(email: string, newDevice = true): MfaStepResult {
    const tokens = mintTokens({ sub: email, refreshToken: `refresh-${email}` });
    if (!this.trackDevices || !newDevice) return { kind: 'signed-in', tokens };
    this.#devices += 1;
    return { kind: 'signed-in', tokens, newDevice: { key: `device-${this.#devices}`, groupKey: 'device-group' } };
  }

  async startEmailCode(email: string): Promise<MfaStepResult> {
    if (!this.emailCodes) throw new AuthError('email-code-unavailable');
    this.#get(email);
    const result = this.#challenge(normaliseEmail(email), 'EMAIL_OTP');
    return result.kind === 'mfa-required' ? { kind: 'mfa-required', challenge: { ...result.challenge, signInCode: true } } : result;
  }

  async confirmSignUpForSession(email: string, code: string): Promise<string | undefined> {
    await this.confirmSignUp(email, code);
    return `sign-up-session-${normaliseEmail(email)}`;
  }

  async signInAfterSignUp(email: string, session: string): Promise<MfaStepResult> {
    if (session !== `sign-up-session-${normaliseEmail(email)}`) throw new AuthError('session-expired');
    return this.#signedIn(normaliseEmail(email));
  }

  async rememberDevice(accessToken: string, device: NewDevice, name: string): Promise<DeviceSecret> {
    const email = String(decodeJwt(accessToken).sub);
    const password = `secret-of-${device.key}`;
    this.remembered.set(device.key, { email, password, name });
    return { ...device, password };
  }

  async listDevices(accessToken: string): Promise<TrustedDevice[]> {
    const email = String(decodeJwt(accessToken).sub);
    return [...this.remembered].filter(([, d]) => d.email === email).map(([key, d]) => ({ key, name: d.name }));
  }

  async forgetDevice(accessToken: string, deviceKey: string): Promise<void> {
    const email = String(decodeJwt(accessToken).sub);
    if (this.remembered.get(deviceKey)?.email !== email) throw new AuthError('unknown');
    this.remembered.delete(deviceKey);
  }

  #challenge(email: string, name: MfaChallenge['name']): MfaStepResult {
    this.#sessions += 1;
    this.#session = `mfa-session-${this.#sessions}`;
    const challenge: MfaChallenge = { username: email, session: this.#session, name };
    if (name === 'EMAIL_OTP') challenge.destination = 'a***@e***';
    if (name === 'SMS_MFA') challenge.destination = '+*******0100';
    if (name === 'SELECT_MFA_TYPE') challenge.options = this.#get(email).mfaOptions ?? ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];
    return { kind: 'mfa-required', challenge };
  }

  /** Forgets the challenge session, as Cognito does after three minutes. */
  expireMfaSession(): void {
    this.#session = '';
  }

  async respondToMfa(challenge: MfaChallenge, answer: string): Promise<MfaStepResult> {
    this.mfaAnswers.push({ challenge, answer });
    if (!this.#session || challenge.session !== this.#session) throw new AuthError('mfa-session-expired');
    if (challenge.name === 'SELECT_MFA_TYPE') {
      if (!challenge.options?.includes(answer as MfaCodeChallengeName)) throw new AuthError('invalid-parameter');
      return this.#challenge(challenge.username, answer as MfaCodeChallengeName);
    }
    if (answer.replace(/[\s-]/g, '') !== this.mfaCode) throw new AuthError('mfa-code-mismatch');
    this.#session = '';
    if (challenge.name === 'MFA_SETUP') this.#get(challenge.username).mfa = 'SOFTWARE_TOKEN_MFA';
    return this.#signedIn(challenge.username);
  }

  async associateTotp(challenge: MfaChallenge): Promise<{ secret: string; challenge: MfaChallenge }> {
    if (challenge.name !== 'MFA_SETUP' || challenge.session !== this.#session) throw new AuthError('mfa-session-expired');
    this.#sessions += 1;
    this.#session = `mfa-session-${this.#sessions}`;
    return { secret: 'JBSWY3DPEHPK3PXP', challenge: { ...challenge, session: this.#session } };
  }

  async completeNewPassword(challenge: NewPasswordChallenge, newPassword: string) {
    const user = this.#get(challenge.username);
    if (challenge.session !== 'challenge-session') throw new AuthError('session-expired');
    user.password = newPassword;
    user.mustChangePassword = false;
    // As after a sign-in, a user with MFA is asked for it next.
    if (user.mfa) return this.#challenge(challenge.username, user.mfa);
    return this.#signedIn(challenge.username);
  }

  async forgotPassword(email: string) {
    return this.#newCode(this.#get(email));
  }

  async confirmForgotPassword(email: string, code: string, newPassword: string) {
    const user = this.#get(email);
    if (user.code !== code) throw new AuthError('code-mismatch');
    user.password = newPassword;
  }

  async getProfile(accessToken: string): Promise<UserProfile> {
    const sub = String(decodeJwt(accessToken).sub);
    const user = this.users.get(sub);
    return { sub, email: sub, name: user?.name ?? 'Someone', handle: user?.handle ?? 'someone' };
  }

  /** The pool requires MFA: turning the authenticator off is refused. */
  mfaRequired = false;
  /** Access tokens the MFA settings calls received, in order. */
  mfaSettingsTokens: string[] = [];

  #settingsUser(accessToken: string): FakeUser {
    this.mfaSettingsTokens.push(accessToken);
    return this.#get(String(decodeJwt(accessToken).sub));
  }

  async getTotpState(accessToken: string) {
    const user = this.#settingsUser(accessToken);
    const on = user.mfa === 'SOFTWARE_TOKEN_MFA';
    return { enabled: on, preferred: on };
  }

  async associateTotpForUser(accessToken: string) {
    this.#settingsUser(accessToken);
    return 'JBSWY3DPEHPK3PXP';
  }

  async enableTotp(accessToken: string, code: string) {
    const user = this.#settingsUser(accessToken);
    if (code.replace(/[\s-]/g, '') !== this.mfaCode) throw new AuthError('mfa-code-mismatch');
    user.mfa = 'SOFTWARE_TOKEN_MFA';
  }

  async disableTotp(accessToken: string) {
    const user = this.#settingsUser(accessToken);
    if (this.mfaRequired) throw new AuthError('mfa-required-by-pool');
    delete user.mfa;
  }

  async revoke(refreshToken: string) {
    const failure = this.signOutFailures.shift();
    if (failure !== undefined) throw failure;
    this.revoked.push(refreshToken);
  }

  async globalSignOut() {
    const failure = this.signOutFailures.shift();
    if (failure !== undefined) throw failure;
    this.globalSignOuts += 1;
  }
}

/** One call the fake endpoint below received: the operation and its parsed JSON body. */
export interface EndpointCall {
  operation: string;
  params: Record<string, unknown>;
}

/** What a handler of the fake endpoint throws to refuse a call (`code` as Cognito names it). */
export interface EndpointRefusal {
  code: string;
  message?: string;
  status?: number;
}

export const FAKE_COGNITO_URL = 'https://cognito-idp.us-east-1.amazonaws.com/';

/**
 * A Cognito endpoint as a fake `fetch`: checks every request is the documented JSON protocol
 * (POST to `url`, `application/x-amz-json-1.1`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`,
 * a JSON body), records it, and answers each operation with its handler. A handler that throws
 * an `EndpointRefusal` is answered as AWS does (400 with `__type` and `x-amzn-errortype`);
 * `NetworkError` rejects as fetch does offline; an operation without a handler is
 * `UnknownOperationException`.
 */
export function fakeCognitoEndpoint(handlers: Record<string, (params: Record<string, unknown>) => unknown>, url = FAKE_COGNITO_URL) {
  const calls: EndpointCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const target = new Headers(init?.headers).get('X-Amz-Target') ?? '';
    if (String(input) !== url) throw new Error(`fake Cognito: request to ${String(input)}, not ${url}`);
    if (init?.method !== 'POST') throw new Error(`fake Cognito: ${init?.method ?? 'GET'} is not POST`);
    if (new Headers(init.headers).get('Content-Type') !== 'application/x-amz-json-1.1') throw new Error('fake Cognito: wrong Content-Type');
    if (!target.startsWith('AWSCognitoIdentityProviderService.')) throw new Error(`fake Cognito: X-Amz-Target ${target}`);
    if (typeof init.body !== 'string') throw new Error('fake Cognito: the body is not JSON text');
    const operation = target.slice('AWSCognitoIdentityProviderService.'.length);
    const params = JSON.parse(init.body) as Record<string, unknown>;
    calls.push({ operation, params });
    const refuse = (r: EndpointRefusal) =>
      new Response(JSON.stringify({ __type: r.code, message: r.message ?? '' }), {
        status: r.status ?? 400,
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-errortype': `${r.code}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
      });
    const handler = handlers[operation];
    if (!handler) return refuse({ code: 'UnknownOperationException' });
    try {
      return new Response(JSON.stringify(handler(params) ?? {}), { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.1' } });
    } catch (e) {
      const r = e as EndpointRefusal;
      if (r.code === 'NetworkError') throw new TypeError('Failed to fetch');
      return refuse(r);
    }
  };
  return { fetch, calls };
}
