/**
 * The Cognito adapter: the only module that uses amazon-cognito-identity-js (its runtime parts
 * through lazy-cognito-sdk.ts, which runs the library on the first call that needs it). It
 * returns plain token sets and challenges, and maps every failure to an AuthError once, here.
 *
 * The library is used through its public API for what it has one for: sign-up, its
 * confirmation and resent code, and the forgotten-password steps. Everything else (sign-in and
 * its challenges answered from a stored session, refresh, the user's own settings, sign-out)
 * is one documented JSON call each through cognito-client.ts: the library keeps a challenge's
 * session in a private field, does not know EMAIL_OTP or USER_AUTH, and its `getSession`
 * retries every error blindly without de-duplicating concurrent refreshes (the token manager
 * owns that). SRP's maths are srp-native.ts's.
 */
import type { CognitoUser, CognitoUserPool, ICognitoStorage } from 'amazon-cognito-identity-js';
import type { UserProfile } from '../shared/auth-state.ts';
import { cognitoEndpoint, type CognitoConfig } from '../shared/settings.ts';
import {
  createCognitoClient,
  type AuthenticationResultType,
  type ChallengeAnswer,
  type CognitoClient,
  type CognitoOperationName,
  type FetchLike,
  type RequestOf,
  type ResponseOf,
} from './cognito-client.ts';
import { loadCognitoSdk, type CognitoSdk } from './lazy-cognito-sdk.ts';
import { normaliseEmail } from './email.ts';
import { AuthError, toAuthError, type CognitoOperation } from './errors.ts';
import type { RefreshPort } from './ports.ts';
import { deviceVerifier, largeA, randomSmallA, srpClaim } from './srp-native.ts';
import type { TokenSet } from './token-policy.ts';

let sdk: CognitoSdk | undefined;

/**
 * The library, evaluated on the first call that needs it: a worker woken only to answer with
 * the state or the cached feed never runs it (see lazy-cognito-sdk.ts).
 */
function cognitoSdk(): CognitoSdk {
  sdk ??= loadCognitoSdk();
  return sdk;
}

/** What a NEW_PASSWORD_REQUIRED answer needs; plain data, so it can be stored across a worker restart. */
export interface NewPasswordChallenge {
  username: string;
  session: string;
}

/** The MFA challenges answered with a code, and where that code comes from. */
export type MfaCodeChallengeName = 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_MFA';
export type MfaChallengeName = MfaCodeChallengeName | 'SELECT_MFA_TYPE' | 'MFA_SETUP';

/**
 * An MFA step at sign-in; plain data, kept in the background's pending store (never sent to
 * the popup whole: the session stays in the background).
 */
export interface MfaChallenge {
  username: string;
  session: string;
  name: MfaChallengeName;
  /** Masked address of an emailed or texted code, e.g. `d***@c***`. */
  destination?: string;
  /** SELECT_MFA_TYPE: the kinds the user may choose from. */
  options?: MfaCodeChallengeName[];
  /** EMAIL_OTP as the first factor of a sign-in by emailed code (no password), not as MFA. */
  signInCode?: true;
}

/** A device Cognito met for the first time at this sign-in (`NewDeviceMetadata`). */
export interface NewDevice {
  key: string;
  groupKey: string;
}

/**
 * A remembered device's secret: what DEVICE_SRP_AUTH proves. Kept where the refresh token is
 * (the extension's IndexedDB), never where a content script can read.
 */
export interface DeviceSecret extends NewDevice {
  password: string;
}

/** One of the account's trusted browsers (ListDevices), as Settings lists them. */
export interface TrustedDevice {
  key: string;
  /** '' when Cognito has none: the background names it in the user's language. */
  name: string;
  /** Epoch ms of the device's last sign-in, when Cognito says. */
  lastUsedAt?: number;
}

/** `staleDevice`: the device passed to `signIn` is gone at Cognito, which signed in without it. */
export type SignInResult = (
  /** `newDevice`: this browser may be remembered. */
  | { kind: 'signed-in'; tokens: TokenSet; newDevice?: NewDevice }
  | { kind: 'new-password-required'; challenge: NewPasswordChallenge }
  | { kind: 'mfa-required'; challenge: MfaChallenge }
) & { staleDevice?: true };

/** Whether a signed-in user has an authenticator app on. */
export interface TotpState {
  enabled: boolean;
  preferred: boolean;
}

/** What answering an MFA step leads to: signed in, or the next step. */
export type MfaStepResult = Exclude<SignInResult, { kind: 'new-password-required' }>;

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  handle: string;
}

/** Everything the extension asks of Cognito. Tests pass a fake with this shape. */
export interface CognitoAuth extends RefreshPort {
  signUp(input: SignUpInput): Promise<{ confirmed: boolean; destination?: string }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  resendCode(email: string): Promise<{ destination?: string }>;
  /** `device`: this browser's remembered device for the account, which may spare the MFA step. */
  signIn(email: string, password: string, device?: DeviceSecret): Promise<SignInResult>;
  /** Choice-based sign-in (USER_AUTH) with an emailed code: the EMAIL_OTP step to answer with `respondToMfa`. */
  startEmailCode(email: string): Promise<MfaStepResult>;
  /** Trust this browser: ConfirmDevice with a fresh device secret, then UpdateDeviceStatus remembered. */
  rememberDevice(accessToken: string, device: NewDevice, name: string): Promise<DeviceSecret>;
  listDevices(accessToken: string): Promise<TrustedDevice[]>;
  /** Confirms a passwordless sign-up: the Session that signs the new user in (`signInAfterSignUp`). */
  confirmSignUpForSession(email: string, code: string): Promise<string | undefined>;
  /** USER_AUTH with ConfirmSignUp's Session: the new passwordless user is signed in. */
  signInAfterSignUp(email: string, session: string): Promise<MfaStepResult>;
  forgetDevice(accessToken: string, deviceKey: string): Promise<void>;
  /** The permanent password; Cognito may then ask for MFA, as after any password step. */
  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<MfaStepResult>;
  forgotPassword(email: string): Promise<{ destination?: string }>;
  confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void>;
  getProfile(accessToken: string): Promise<UserProfile>;
  /**
   * Answers an MFA step: the code for a code challenge, the chosen kind for SELECT_MFA_TYPE,
   * or the first authenticator code for MFA_SETUP (after `associateTotp`).
   */
  respondToMfa(challenge: MfaChallenge, answer: string): Promise<MfaStepResult>;
  /** MFA_SETUP at sign-in: the authenticator secret, and the challenge with Cognito's new session. */
  associateTotp(challenge: MfaChallenge): Promise<{ secret: string; challenge: MfaChallenge }>;
  /** Settings → Two-step verification: whether an authenticator app is on (GetUser's MFA fields). */
  getTotpState(accessToken: string): Promise<TotpState>;
  /** A signed-in user starts an authenticator setup: the secret to show. */
  associateTotpForUser(accessToken: string): Promise<string>;
  /** Checks the first code, then makes the authenticator the enabled, preferred kind. */
  enableTotp(accessToken: string, code: string): Promise<void>;
  /** Turns the authenticator off; a pool that requires MFA refuses (`mfa-required-by-pool`). */
  disableTotp(accessToken: string): Promise<void>;
  /** Revokes the refresh token (and the tokens issued from it). */
  revoke(refreshToken: string): Promise<void>;
  /** Signs the user out of every device. */
  globalSignOut(accessToken: string): Promise<void>;
}

const CODE_CHALLENGES: readonly string[] = ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_MFA'];

/** Removes what people add to a code they type or paste: spaces, dashes. */
export function plainCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

function challengeResult(data: ChallengeAnswer, username: string): MfaStepResult {
  if (data.AuthenticationResult) {
    const tokens = refreshResult(data);
    if (!tokens.refreshToken) throw new AuthError('unknown');
    const meta = data.AuthenticationResult.NewDeviceMetadata;
    const newDevice = meta?.DeviceKey && meta.DeviceGroupKey ? { key: meta.DeviceKey, groupKey: meta.DeviceGroupKey } : undefined;
    return { kind: 'signed-in', tokens, ...(newDevice ? { newDevice } : {}) };
  }
  const name = data.ChallengeName ?? '';
  const params = data.ChallengeParameters ?? {};
  if (!['SELECT_MFA_TYPE', 'MFA_SETUP', ...CODE_CHALLENGES].includes(name)) throw new AuthError('unsupported');
  const challenge: MfaChallenge = { username: params.USER_ID_FOR_SRP || username, session: data.Session ?? '', name: name as MfaChallengeName };
  const destination = params.CODE_DELIVERY_DESTINATION;
  if (destination) challenge.destination = destination;
  if (name === 'SELECT_MFA_TYPE') {
    const options = parseList(params.MFAS_CAN_CHOOSE).filter((o): o is MfaCodeChallengeName => CODE_CHALLENGES.includes(o));
    challenge.options = options;
  }
  return { kind: 'mfa-required', challenge };
}

function parseList(raw: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export class CognitoAdapter implements CognitoAuth {
  readonly #config: CognitoConfig;
  readonly #storage: ICognitoStorage;
  readonly #client: CognitoClient;
  #poolInstance: CognitoUserPool | undefined;
  /** Which refresh operation this endpoint answers; learned on the first refresh. */
  #refreshWith: 'GetTokensFromRefreshToken' | 'InitiateAuth' = 'GetTokensFromRefreshToken';

  /**
   * Builds nothing of the library's yet: the pool (and the library with it) comes with the
   * first call that needs it.
   *
   * @param config Pool, client and flow.
   * @param options.storage Where the library keeps its state. Pass a persistent one (see
   *   MirrorStorage): without it the library silently keeps state in memory.
   * @param options.fetch Unit tests only: stands in for `fetch` in this adapter's own calls
   *   (cognito-client.ts). The library's calls use the global `fetch`.
   */
  constructor(config: CognitoConfig, options: { storage: ICognitoStorage; fetch?: FetchLike }) {
    this.#config = config;
    this.#storage = options.storage;
    this.#client = createCognitoClient(cognitoEndpoint(config), options.fetch);
  }

  get #pool(): CognitoUserPool {
    this.#poolInstance ??= new (cognitoSdk().CognitoUserPool)({
      UserPoolId: this.#config.userPoolId,
      ClientId: this.#config.clientId,
      endpoint: cognitoEndpoint(this.#config),
      Storage: this.#storage,
      // Advanced-security data comes from a script a page would load; a worker has none.
      AdvancedSecurityDataCollectionFlag: false,
    });
    return this.#poolInstance;
  }

  signUp(input: SignUpInput): Promise<{ confirmed: boolean; destination?: string }> {
    const email = normaliseEmail(input.email);
    if (!input.password) return this.#passwordlessSignUp(email, input);
    const lib = cognitoSdk();
    const attributes = [
      new lib.CognitoUserAttribute({ Name: 'email', Value: email }),
      new lib.CognitoUserAttribute({ Name: 'name', Value: input.name.trim() }),
      new lib.CognitoUserAttribute({ Name: 'preferred_username', Value: input.handle.trim().replace(/^@/, '') }),
    ];
    return new Promise((resolve, reject) => {
      this.#pool.signUp(email, input.password, attributes, [], (err, result) => {
        if (err || !result) return reject(toAuthError(err, 'signUp'));
        const destination = result.codeDeliveryDetails.Destination;
        resolve({ confirmed: result.userConfirmed, ...(destination ? { destination } : {}) });
      });
    });
  }

  /** SignUp without a password (the library's `signUp` always sends one): for pools with email codes as a first factor. */
  async #passwordlessSignUp(email: string, input: SignUpInput): Promise<{ confirmed: boolean; destination?: string }> {
    const data = await this.#request('signUp', 'SignUp', {
      ClientId: this.#config.clientId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: input.name.trim() },
        { Name: 'preferred_username', Value: input.handle.trim().replace(/^@/, '') },
      ],
    });
    const destination = data.CodeDeliveryDetails?.Destination;
    return { confirmed: data.UserConfirmed === true, ...(destination ? { destination } : {}) };
  }

  /** ConfirmSignUp through our own call: the library's `confirmRegistration` drops the Session it answers. */
  async confirmSignUpForSession(email: string, code: string): Promise<string | undefined> {
    const data = await this.#request('confirmSignUp', 'ConfirmSignUp', { ClientId: this.#config.clientId, Username: normaliseEmail(email), ConfirmationCode: code.trim() });
    return data.Session;
  }

  async signInAfterSignUp(email: string, session: string): Promise<MfaStepResult> {
    const username = normaliseEmail(email);
    const data = await this.#request('signIn', 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: this.#config.clientId,
      AuthParameters: { USERNAME: username },
      Session: session,
    });
    return challengeResult(data, username);
  }

  confirmSignUp(email: string, code: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#user(email).confirmRegistration(code.trim(), true, (err) => (err ? reject(toAuthError(err, 'confirmSignUp')) : resolve()));
    });
  }

  async resendCode(email: string): Promise<{ destination?: string }> {
    const data = await new Promise<unknown>((resolve, reject) => {
      this.#user(email).resendConfirmationCode((err, result) => (err ? reject(toAuthError(err, 'resendCode')) : resolve(result)));
    });
    return destination(data);
  }

  /**
   * Signs in with the configured flow. Our own calls, not the library's `authenticateUser`: the
   * library keeps a challenge's session in a private field (we hand it out as plain data, to
   * survive a worker restart) and does not know EMAIL_OTP. SRP's maths are srp-native.ts's.
   */
  async signIn(email: string, password: string, device?: DeviceSecret): Promise<SignInResult> {
    try {
      const result = await this.#signIn(normaliseEmail(email), password, device);
      return result;
    } catch (e) {
      // A device forgotten elsewhere (Settings on another browser, an administrator): sign in
      // without it, and say so, so the caller drops its secret.
      if (device && toAuthError(e, 'signIn').code === 'unknown' && /device/i.test(String((e as { message?: unknown }).message))) {
        return { ...(await this.signIn(email, password)), staleDevice: true };
      }
      throw toAuthError(e, 'signIn');
    }
  }

  async #signIn(username: string, password: string, device: DeviceSecret | undefined): Promise<SignInResult> {
    const deviceKey: Record<string, string> = device ? { DEVICE_KEY: device.key } : {};
    if (this.#config.authFlow === 'USER_PASSWORD_AUTH') {
      if (!password) throw new AuthError('incorrect-credentials');
      const data = await this.#client.call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: this.#config.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, ...deviceKey },
      });
      return this.#afterFirstFactor(data, username, device);
    }
    const a = randomSmallA();
    const choice = this.#config.authFlow === 'USER_AUTH';
    const started = await this.#client.call('InitiateAuth', {
      AuthFlow: choice ? 'USER_AUTH' : 'USER_SRP_AUTH',
      ClientId: this.#config.clientId,
      AuthParameters: { USERNAME: username, SRP_A: largeA(a).toString(16), ...(choice ? { PREFERRED_CHALLENGE: 'PASSWORD_SRP' } : {}), ...deviceKey },
    });
    // USER_AUTH offers a choice when the password is not one of this user's ways in.
    if (started.ChallengeName === 'SELECT_CHALLENGE') throw new AuthError('incorrect-credentials');
    return this.#afterFirstFactor(await this.#passwordVerifier(started, password, a, device), username, device);
  }

  /** The first factor's answer: a remembered device's proof first, then what follows it. */
  async #afterFirstFactor(data: ChallengeAnswer, username: string, device: DeviceSecret | undefined): Promise<SignInResult> {
    if (data.ChallengeName === 'DEVICE_SRP_AUTH') {
      if (!device) throw new AuthError('unknown');
      return signInResult(await this.#deviceSrp(data, device), username);
    }
    return signInResult(data, username);
  }

  /** DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER: SRP with the device's own secret. */
  async #deviceSrp(challenge: ChallengeAnswer, device: DeviceSecret): Promise<ChallengeAnswer> {
    const username = challenge.ChallengeParameters?.USERNAME ?? '';
    const a = randomSmallA();
    const verifier = await this.#client.call('RespondToAuthChallenge', {
      ClientId: this.#config.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      ...(challenge.Session ? { Session: challenge.Session } : {}),
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.key, SRP_A: largeA(a).toString(16) },
    });
    if (verifier.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') throw new AuthError('unknown');
    const p = verifier.ChallengeParameters ?? {};
    return this.#srpAnswer(verifier, { poolName: device.groupKey, username: device.key, password: device.password, a }, {
      USERNAME: p.USERNAME ?? username,
      DEVICE_KEY: device.key,
    });
  }

  async startEmailCode(email: string): Promise<MfaStepResult> {
    const username = normaliseEmail(email);
    let data = await this.#request('signInCode', 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: this.#config.clientId,
      AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    });
    if (data.ChallengeName === 'SELECT_CHALLENGE') {
      if (!(data.AvailableChallenges ?? []).includes('EMAIL_OTP')) throw new AuthError('email-code-unavailable');
      data = await this.#request('signInCode', 'RespondToAuthChallenge', {
        ClientId: this.#config.clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        ...(data.Session ? { Session: data.Session } : {}),
        ChallengeResponses: { USERNAME: username, ANSWER: 'EMAIL_OTP' },
      });
    }
    if (data.ChallengeName !== 'EMAIL_OTP') throw new AuthError('email-code-unavailable');
    const result = challengeResult(data, username);
    return result.kind === 'mfa-required' ? { kind: 'mfa-required', challenge: { ...result.challenge, signInCode: true } } : result;
  }

  async rememberDevice(accessToken: string, device: NewDevice, name: string): Promise<DeviceSecret> {
    const secret = await deviceVerifier(device.groupKey, device.key);
    await this.#request('devices', 'ConfirmDevice', {
      AccessToken: accessToken,
      DeviceKey: device.key,
      DeviceName: name,
      DeviceSecretVerifierConfig: { PasswordVerifier: secret.verifier, Salt: secret.salt },
    });
    await this.#request('devices', 'UpdateDeviceStatus', { AccessToken: accessToken, DeviceKey: device.key, DeviceRememberedStatus: 'remembered' });
    return { ...device, password: secret.password };
  }

  async listDevices(accessToken: string): Promise<TrustedDevice[]> {
    const devices: TrustedDevice[] = [];
    let page: string | undefined;
    do {
      const data = await this.#request('devices', 'ListDevices', { AccessToken: accessToken, Limit: 60, ...(page ? { PaginationToken: page } : {}) });
      for (const d of data.Devices ?? []) {
        const attr = (n: string) => d.DeviceAttributes?.find((a) => a.Name === n)?.Value;
        // Tracked but not remembered devices are no trusted browsers.
        if (!d.DeviceKey || attr('dev:device_remembered_status') === 'not_remembered') continue;
        const last = d.DeviceLastAuthenticatedDate;
        devices.push({ key: d.DeviceKey, name: attr('device_name') ?? '', ...(typeof last === 'number' ? { lastUsedAt: last * 1000 } : {}) });
      }
      page = data.PaginationToken;
    } while (page);
    return devices;
  }

  async forgetDevice(accessToken: string, deviceKey: string): Promise<void> {
    await this.#request('devices', 'ForgetDevice', { AccessToken: accessToken, DeviceKey: deviceKey });
  }

  /** Answers a PASSWORD_VERIFIER challenge with the SRP claim for this password. */
  async #passwordVerifier(challenge: ChallengeAnswer, password: string, a: bigint, device?: DeviceSecret): Promise<ChallengeAnswer> {
    const params = challenge.ChallengeParameters ?? {};
    if (challenge.ChallengeName !== 'PASSWORD_VERIFIER' || !params.USER_ID_FOR_SRP) throw new AuthError('unknown');
    const userId = params.USER_ID_FOR_SRP;
    const poolName = this.#config.userPoolId.split('_')[1] ?? '';
    return this.#srpAnswer(challenge, { poolName, username: userId, password, a }, { USERNAME: userId, ...(device ? { DEVICE_KEY: device.key } : {}) });
  }

  /**
   * Answers an SRP challenge (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER, by its name) with the
   * claim for `o`, the challenge's session, and `responses` (USERNAME, DEVICE_KEY).
   */
  async #srpAnswer(
    challenge: ChallengeAnswer,
    o: { poolName: string; username: string; password: string; a: bigint },
    responses: Record<string, string>,
  ): Promise<ChallengeAnswer> {
    const p = challenge.ChallengeParameters ?? {};
    if (!p.SRP_B || !p.SALT || !p.SECRET_BLOCK) throw new AuthError('unknown');
    const claim = await srpClaim({ ...o, srpB: p.SRP_B, salt: p.SALT, secretBlock: p.SECRET_BLOCK, now: new Date() });
    return this.#client.call('RespondToAuthChallenge', {
      ClientId: this.#config.clientId,
      ChallengeName: challenge.ChallengeName ?? '',
      ...(challenge.Session ? { Session: challenge.Session } : {}),
      ChallengeResponses: {
        ...responses,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        TIMESTAMP: claim.timestamp,
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
      },
    });
  }

  async respondToMfa(challenge: MfaChallenge, answer: string): Promise<MfaStepResult> {
    const base = { ClientId: this.#config.clientId, Session: challenge.session };
    if (challenge.name === 'MFA_SETUP') {
      const verified = await this.#request('mfa', 'VerifySoftwareToken', { Session: challenge.session, UserCode: plainCode(answer) });
      const data = await this.#request('mfa', 'RespondToAuthChallenge', {
        ...base,
        Session: verified.Session ?? challenge.session,
        ChallengeName: 'MFA_SETUP',
        ChallengeResponses: { USERNAME: challenge.username },
      });
      return challengeResult(data, challenge.username);
    }
    const responses: Record<string, string> =
      challenge.name === 'SELECT_MFA_TYPE' ? { ANSWER: answer } : { [`${challenge.name}_CODE`]: plainCode(answer) };
    const data = await this.#request('mfa', 'RespondToAuthChallenge', {
      ...base,
      ChallengeName: challenge.name,
      ChallengeResponses: { USERNAME: challenge.username, ...responses },
    });
    return challengeResult(data, challenge.username);
  }

  async associateTotp(challenge: MfaChallenge): Promise<{ secret: string; challenge: MfaChallenge }> {
    const data = await this.#request('mfa', 'AssociateSoftwareToken', { Session: challenge.session });
    if (!data.SecretCode) throw new AuthError('unknown');
    return { secret: data.SecretCode, challenge: { ...challenge, session: data.Session ?? challenge.session } };
  }

  /** Answers NEW_PASSWORD_REQUIRED from the stored session (the library would need its private field). */
  async completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<MfaStepResult> {
    const data = await this.#request('completeNewPassword', 'RespondToAuthChallenge', {
      ClientId: this.#config.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.session,
      ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
    });
    // A pool with MFA asks for it after the new password, as after a sign-in.
    return challengeResult(data, challenge.username);
  }

  forgotPassword(email: string): Promise<{ destination?: string }> {
    return new Promise((resolve, reject) => {
      this.#user(email).forgotPassword({
        onSuccess: (data) => resolve(destination(data)),
        onFailure: (err) => reject(toAuthError(err, 'forgotPassword')),
        inputVerificationCode: (data) => resolve(destination(data)),
      });
    });
  }

  confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#user(email).confirmPassword(code.trim(), newPassword, {
        onSuccess: () => resolve(),
        onFailure: (err) => reject(toAuthError(err, 'confirmForgotPassword')),
      });
    });
  }

  /**
   * Refreshes with `GetTokensFromRefreshToken`, the only operation that works on a client with
   * refresh-token rotation (it then answers a new refresh token, which the token manager stores
   * before anyone sees the new access token). Falls back to `InitiateAuth REFRESH_TOKEN_AUTH`
   * only when the endpoint does not know the operation at all (see `unknownOperation`), and
   * remembers that for this adapter, so every later refresh is again exactly one call.
   */
  async refresh(refreshToken: string): Promise<TokenSet> {
    if (this.#refreshWith === 'GetTokensFromRefreshToken') {
      try {
        const data = await this.#client.call('GetTokensFromRefreshToken', { ClientId: this.#config.clientId, RefreshToken: refreshToken });
        return refreshResult(data);
      } catch (e) {
        if (!unknownOperation(e)) throw toAuthError(e, 'refresh');
        this.#refreshWith = 'InitiateAuth';
      }
    }
    const data = await this.#request('refresh', 'InitiateAuth', {
      ClientId: this.#config.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return refreshResult(data);
  }

  async getProfile(accessToken: string): Promise<UserProfile> {
    const data = await this.#request('profile', 'GetUser', { AccessToken: accessToken });
    const attr = (name: string) => data.UserAttributes?.find((a) => a.Name === name)?.Value ?? '';
    return { sub: attr('sub') || (data.Username ?? ''), email: attr('email'), name: attr('name'), handle: attr('preferred_username') };
  }

  async getTotpState(accessToken: string): Promise<TotpState> {
    const data = await this.#request('profile', 'GetUser', { AccessToken: accessToken });
    return {
      enabled: (data.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA'),
      preferred: data.PreferredMfaSetting === 'SOFTWARE_TOKEN_MFA',
    };
  }

  async associateTotpForUser(accessToken: string): Promise<string> {
    const data = await this.#request('mfaSettings', 'AssociateSoftwareToken', { AccessToken: accessToken });
    if (!data.SecretCode) throw new AuthError('unknown');
    return data.SecretCode;
  }

  async enableTotp(accessToken: string, code: string): Promise<void> {
    await this.#request('mfaSettings', 'VerifySoftwareToken', { AccessToken: accessToken, UserCode: plainCode(code) });
    await this.#request('mfaSettings', 'SetUserMFAPreference', {
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  }

  async disableTotp(accessToken: string): Promise<void> {
    await this.#request('mfaSettings', 'SetUserMFAPreference', {
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    });
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.#request('signOut', 'RevokeToken', { Token: refreshToken, ClientId: this.#config.clientId });
  }

  async globalSignOut(accessToken: string): Promise<void> {
    await this.#request('globalSignOut', 'GlobalSignOut', { AccessToken: accessToken });
  }

  #user(email: string): CognitoUser {
    return new (cognitoSdk().CognitoUser)({ Username: normaliseEmail(email), Pool: this.#pool, Storage: this.#storage });
  }

  /** One call through the typed client, its failure mapped for `op`. */
  #request<Op extends CognitoOperationName>(op: CognitoOperation, operation: Op, request: RequestOf<Op>): Promise<ResponseOf<Op>> {
    return this.#client.call(operation, request).catch((e: unknown) => {
      throw toAuthError(e, op);
    });
  }
}

/** A sign-in's answer: tokens, a new password to set, or an MFA step. */
function signInResult(data: ChallengeAnswer, username: string): SignInResult {
  if (data.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    const userId = data.ChallengeParameters?.USER_ID_FOR_SRP || username;
    return { kind: 'new-password-required', challenge: { username: userId, session: data.Session ?? '' } };
  }
  return challengeResult(data, username);
}

function refreshResult(data: { AuthenticationResult?: AuthenticationResultType }): TokenSet {
  const result = data.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken) throw new AuthError('unknown');
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    // Present only when the client rotates refresh tokens.
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
  };
}

/**
 * True only when the endpoint does not implement the operation: AWS answers an unknown
 * X-Amz-Target with `UnknownOperationException`, cognito-local with `CognitoLocal#Unsupported`.
 * Any other error (revoked token, network, throttling) is the refresh's real answer and must
 * not be retried with another operation.
 */
export function unknownOperation(e: unknown): boolean {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; name?: unknown; __type?: unknown };
  const names = [err.code, err.__type, err.name].filter((v): v is string => typeof v === 'string');
  return names.some((n) => n.endsWith('UnknownOperationException') || n === 'CognitoLocal#Unsupported' || n === 'Unsupported');
}

function destination(data: unknown): { destination?: string } {
  const d = (data as { CodeDeliveryDetails?: { Destination?: string } } | undefined)?.CodeDeliveryDetails?.Destination;
  return d ? { destination: d } : {};
}
