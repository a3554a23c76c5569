/**
 * The Cognito adapter: the only module that uses amazon-cognito-identity-js (its runtime parts
 * through lazy-cognito-sdk.ts, which runs the library on the first Cognito call). It turns the
 * library's callbacks into promises, returns plain token sets, and maps every failure to an
 * AuthError once, here.
 *
 * The library is used for what it does well (SRP math, the auth challenge dance). Refresh,
 * GetUser and sign-out go straight through its low-level client, because its `getSession`
 * retries every error blindly and does not de-duplicate concurrent refreshes: the token
 * manager owns that.
 */
import type { CognitoUser, CognitoUserPool, CognitoUserSession, ICognitoStorage } from 'amazon-cognito-identity-js';
import type { UserProfile } from '../shared/auth-state.ts';
import { cognitoEndpoint, type CognitoConfig } from '../shared/settings.ts';
import { loadCognitoSdk, type CognitoSdk } from './lazy-cognito-sdk.ts';
import { normaliseEmail } from './email.ts';
import { AuthError, toAuthError, type CognitoOperation } from './errors.ts';
import type { RefreshPort } from './ports.ts';
import type { TokenSet } from './token-policy.ts';

let sdk: CognitoSdk | undefined;

/**
 * The library, evaluated on the first Cognito call: a worker woken only to answer with the
 * state or the cached feed never runs it (see lazy-cognito-sdk.ts).
 */
function cognitoSdk(): CognitoSdk {
  if (!sdk) {
    sdk = loadCognitoSdk();
    // SRP's big-number maths on native BigInt and WebCrypto instead of the library's (see srp-native.ts).
    sdk.useNativeSrp(sdk.AuthenticationHelper);
  }
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
}

export type SignInResult =
  | { kind: 'signed-in'; tokens: TokenSet }
  | { kind: 'new-password-required'; challenge: NewPasswordChallenge }
  | { kind: 'mfa-required'; challenge: MfaChallenge };

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
  signIn(email: string, password: string): Promise<SignInResult>;
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

export interface LowLevelClient {
  request(operation: string, params: object, callback: (err: unknown, data?: unknown) => void): void;
}

interface AuthResult {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
}

/** What InitiateAuth and RespondToAuthChallenge answer. */
interface ChallengeAnswer extends AuthResult {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

const CODE_CHALLENGES: readonly string[] = ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_MFA'];

/**
 * Wraps the library's low-level client so an EMAIL_OTP challenge, which the library (6.3.21)
 * does not know and would mistake for a success, fails the library's flow with a marker the
 * adapter's sign-in recognises.
 */
function catchEmailOtp(client: LowLevelClient): void {
  const request = client.request.bind(client);
  client.request = (operation, params, callback) =>
    request(operation, params, (err, data) => {
      const answer = data as ChallengeAnswer | undefined;
      if (!err && answer?.ChallengeName === 'EMAIL_OTP') return callback(Object.assign(new Error('EMAIL_OTP'), { emailOtp: answer }));
      callback(err, data);
    });
}

/** Removes what people add to a code they type or paste: spaces, dashes. */
export function plainCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

function challengeResult(data: ChallengeAnswer, username: string): MfaStepResult {
  if (data.AuthenticationResult) {
    const tokens = refreshResult(data);
    if (!tokens.refreshToken) throw new AuthError('unknown');
    return { kind: 'signed-in', tokens };
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
  readonly #client: LowLevelClient | undefined;
  #poolInstance: CognitoUserPool | undefined;
  /** Which refresh operation this endpoint answers; learned on the first refresh. */
  #refreshWith: 'GetTokensFromRefreshToken' | 'InitiateAuth' = 'GetTokensFromRefreshToken';

  /**
   * Builds nothing of the library's yet: the pool (and the library with it) comes with the
   * first call that needs Cognito.
   *
   * @param config Pool, client and flow.
   * @param options.storage Where the library keeps its state. Pass a persistent one (see
   *   MirrorStorage): without it the library silently keeps state in memory.
   * @param options.client Unit tests only: stands in for the library's low-level client.
   */
  constructor(config: CognitoConfig, options: { storage: ICognitoStorage; client?: LowLevelClient }) {
    this.#config = config;
    this.#storage = options.storage;
    this.#client = options.client;
  }

  get #pool(): CognitoUserPool {
    if (this.#poolInstance) return this.#poolInstance;
    const pool = new (cognitoSdk().CognitoUserPool)({
      UserPoolId: this.#config.userPoolId,
      ClientId: this.#config.clientId,
      endpoint: cognitoEndpoint(this.#config),
      Storage: this.#storage,
      // Advanced-security data comes from a script a page would load; a worker has none.
      AdvancedSecurityDataCollectionFlag: false,
    });
    // A test's stand-in replaces the library's client, so the library's own flows use it too.
    if (this.#client) (pool as unknown as { client: LowLevelClient }).client = this.#client;
    this.#poolInstance = pool;
    catchEmailOtp(this.#lowLevel());
    return pool;
  }

  signUp(input: SignUpInput): Promise<{ confirmed: boolean; destination?: string }> {
    const email = normaliseEmail(input.email);
    const attributes = [
      new (cognitoSdk().CognitoUserAttribute)({ Name: 'email', Value: email }),
      new (cognitoSdk().CognitoUserAttribute)({ Name: 'name', Value: input.name.trim() }),
      new (cognitoSdk().CognitoUserAttribute)({ Name: 'preferred_username', Value: input.handle.trim().replace(/^@/, '') }),
    ];
    return new Promise((resolve, reject) => {
      this.#pool.signUp(email, input.password, attributes, [], (err, result) => {
        if (err || !result) return reject(toAuthError(err, 'signUp'));
        const destination = (result as { codeDeliveryDetails?: { Destination?: string } }).codeDeliveryDetails?.Destination;
        resolve({ confirmed: result.userConfirmed, ...(destination ? { destination } : {}) });
      });
    });
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

  signIn(email: string, password: string): Promise<SignInResult> {
    const user = this.#user(email);
    user.setAuthenticationFlowType(this.#config.authFlow);
    const details = new (cognitoSdk().AuthenticationDetails)({ Username: normaliseEmail(email), Password: password });
    return new Promise<SignInResult>((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: (session) => resolve({ kind: 'signed-in', tokens: this.#tokens(session) }),
        onFailure: (err) => reject(toAuthError(err, 'signIn')),
        newPasswordRequired: () => {
          // The library keeps the challenge session on the user object; we hand it out as data.
          const session = (user as unknown as { Session?: string }).Session ?? '';
          resolve({ kind: 'new-password-required', challenge: { username: user.getUsername(), session } });
        },
        ...this.#challenges(user, resolve, reject),
      });
    }).catch((e: unknown) => this.#emailOtpOr(e, user));
  }

  /** The SDK's callbacks for the challenges that may follow a password, a sign-in's or a new one's. */
  #challenges(user: CognitoUser, resolve: (result: MfaStepResult) => void, reject: (error: AuthError) => void) {
    const mfa = (name: string, params: unknown) => resolve(this.#mfa(user, name, params));
    return { mfaRequired: mfa, totpRequired: mfa, mfaSetup: mfa, selectMFAType: mfa, customChallenge: () => reject(new AuthError('unsupported')) };
  }

  /**
   * amazon-cognito-identity-js 6.3.21 does not know EMAIL_OTP: our client wrapper turns that
   * answer into a marker error, and we answer the challenge ourselves; any other error stands.
   */
  #emailOtpOr(e: unknown, user: CognitoUser): MfaStepResult {
    const challenge = ((e as { cause?: unknown } | null)?.cause as { emailOtp?: ChallengeAnswer } | undefined)?.emailOtp;
    if (challenge) return challengeResult(challenge, user.getUsername());
    throw e;
  }

  async respondToMfa(challenge: MfaChallenge, answer: string): Promise<MfaStepResult> {
    const base = { ClientId: this.#config.clientId, Session: challenge.session };
    if (challenge.name === 'MFA_SETUP') {
      const verified = await this.#request<{ Session?: string }>('mfa', 'VerifySoftwareToken', {
        Session: challenge.session,
        UserCode: plainCode(answer),
      });
      const data = await this.#request<ChallengeAnswer>('mfa', 'RespondToAuthChallenge', {
        ...base,
        Session: verified.Session ?? challenge.session,
        ChallengeName: 'MFA_SETUP',
        ChallengeResponses: { USERNAME: challenge.username },
      });
      return challengeResult(data, challenge.username);
    }
    const responses =
      challenge.name === 'SELECT_MFA_TYPE' ? { ANSWER: answer } : { [`${challenge.name}_CODE`]: plainCode(answer) };
    const data = await this.#request<ChallengeAnswer>('mfa', 'RespondToAuthChallenge', {
      ...base,
      ChallengeName: challenge.name,
      ChallengeResponses: { USERNAME: challenge.username, ...responses },
    });
    return challengeResult(data, challenge.username);
  }

  async associateTotp(challenge: MfaChallenge): Promise<{ secret: string; challenge: MfaChallenge }> {
    const data = await this.#request<{ SecretCode?: string; Session?: string }>('mfa', 'AssociateSoftwareToken', { Session: challenge.session });
    if (!data.SecretCode) throw new AuthError('unknown');
    return { secret: data.SecretCode, challenge: { ...challenge, session: data.Session ?? challenge.session } };
  }

  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<MfaStepResult> {
    const user = new (cognitoSdk().CognitoUser)({ Username: challenge.username, Pool: this.#pool, Storage: this.#storage });
    (user as unknown as { Session: string }).Session = challenge.session;
    return new Promise<MfaStepResult>((resolve, reject) => {
      user.completeNewPasswordChallenge(newPassword, {}, {
        onSuccess: (session) => resolve({ kind: 'signed-in', tokens: this.#tokens(session) }),
        onFailure: (err) => reject(toAuthError(err, 'completeNewPassword')),
        // A pool with MFA asks for it after the new password, as after a sign-in.
        ...this.#challenges(user, resolve, reject),
      });
    }).catch((e: unknown) => this.#emailOtpOr(e, user));
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
        const data = await this.#raw<AuthResult>('GetTokensFromRefreshToken', {
          ClientId: this.#config.clientId,
          RefreshToken: refreshToken,
        });
        return refreshResult(data);
      } catch (e) {
        if (!unknownOperation(e)) throw toAuthError(e, 'refresh');
        this.#refreshWith = 'InitiateAuth';
      }
    }
    const data = await this.#request<AuthResult>('refresh', 'InitiateAuth', {
      ClientId: this.#config.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return refreshResult(data);
  }

  async getProfile(accessToken: string): Promise<UserProfile> {
    const data = await this.#request<{ Username?: string; UserAttributes?: { Name: string; Value?: string }[] }>(
      'profile',
      'GetUser',
      { AccessToken: accessToken },
    );
    const attr = (name: string) => data.UserAttributes?.find((a) => a.Name === name)?.Value ?? '';
    return { sub: attr('sub') || (data.Username ?? ''), email: attr('email'), name: attr('name'), handle: attr('preferred_username') };
  }

  async getTotpState(accessToken: string): Promise<TotpState> {
    const data = await this.#request<{ UserMFASettingList?: string[]; PreferredMfaSetting?: string }>('profile', 'GetUser', { AccessToken: accessToken });
    return {
      enabled: (data.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA'),
      preferred: data.PreferredMfaSetting === 'SOFTWARE_TOKEN_MFA',
    };
  }

  async associateTotpForUser(accessToken: string): Promise<string> {
    const data = await this.#request<{ SecretCode?: string }>('mfaSettings', 'AssociateSoftwareToken', { AccessToken: accessToken });
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

  #mfa(user: CognitoUser, name: unknown, params: unknown): MfaStepResult {
    const session = (user as unknown as { Session?: string }).Session ?? '';
    return challengeResult({ ChallengeName: String(name), Session: session, ChallengeParameters: params as Record<string, string> }, user.getUsername());
  }

  #lowLevel(): LowLevelClient {
    return (this.#pool as unknown as { client: LowLevelClient }).client;
  }

  #user(email: string): CognitoUser {
    return new (cognitoSdk().CognitoUser)({ Username: normaliseEmail(email), Pool: this.#pool, Storage: this.#storage });
  }

  #tokens(session: CognitoUserSession): TokenSet {
    const tokens = {
      accessToken: session.getAccessToken().getJwtToken(),
      idToken: session.getIdToken().getJwtToken(),
      refreshToken: session.getRefreshToken().getToken(),
    };
    // The library also caches these under its own keys; the token manager's record is the
    // single copy we keep, so drop the library's.
    this.#storage.clear();
    return tokens;
  }

  #request<T>(op: CognitoOperation, operation: string, params: object): Promise<T> {
    return this.#raw<T>(operation, params).catch((e: unknown) => {
      throw toAuthError(e, op);
    });
  }

  /** One call through the library's low-level client; the error is left raw for the caller to map. */
  #raw<T>(operation: string, params: object): Promise<T> {
    const client = this.#lowLevel();
    return new Promise((resolve, reject) => {
      client.request(operation, params, (err, data) => {
        // catchEmailOtp's marker is for the library's flows; to our own calls (choosing EMAIL_OTP
        // at SELECT_MFA_TYPE, say) an EMAIL_OTP challenge is an ordinary answer.
        const emailOtp = (err as { emailOtp?: unknown } | null)?.emailOtp;
        if (emailOtp) return resolve(emailOtp as T);
        return err ? reject(err) : resolve((data ?? {}) as T);
      });
    });
  }
}

function refreshResult(data: AuthResult): TokenSet {
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
