/**
 * The Cognito adapter: the only module that imports amazon-cognito-identity-js. It turns the
 * library's callbacks into promises, returns plain token sets, and maps every failure to an
 * AuthError once, here.
 *
 * The library is used for what it does well (SRP math, the auth challenge dance). Refresh,
 * GetUser and sign-out go straight through its low-level client, because its `getSession`
 * retries every error blindly and does not de-duplicate concurrent refreshes: the token
 * manager owns that.
 */
import {
  AuthenticationDetails,
  AuthenticationHelper,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import type { UserProfile } from '../shared/auth-state.ts';
import { cognitoEndpoint, type CognitoConfig } from '../shared/settings.ts';
import { normaliseEmail } from './email.ts';
import { AuthError, toAuthError, type CognitoOperation } from './errors.ts';
import type { RefreshPort } from './ports.ts';
import { useNativeSrp } from './srp-native.ts';
import type { TokenSet } from './token-policy.ts';

// SRP's big-number maths on native BigInt and WebCrypto instead of the library's (see srp-native.ts).
useNativeSrp(AuthenticationHelper);

/** What a NEW_PASSWORD_REQUIRED answer needs; plain data, so it can be stored across a worker restart. */
export interface NewPasswordChallenge {
  username: string;
  session: string;
}

export type SignInResult =
  | { kind: 'signed-in'; tokens: TokenSet }
  | { kind: 'new-password-required'; challenge: NewPasswordChallenge };

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
  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<TokenSet>;
  forgotPassword(email: string): Promise<{ destination?: string }>;
  confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void>;
  getProfile(accessToken: string): Promise<UserProfile>;
  /** Revokes the refresh token (and the tokens issued from it). */
  revoke(refreshToken: string): Promise<void>;
  /** Signs the user out of every device. */
  globalSignOut(accessToken: string): Promise<void>;
}

interface LowLevelClient {
  request(operation: string, params: object, callback: (err: unknown, data?: unknown) => void): void;
}

interface AuthResult {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
}

export class CognitoAdapter implements CognitoAuth {
  readonly #config: CognitoConfig;
  readonly #pool: CognitoUserPool;
  readonly #storage: ICognitoStorage;

  /**
   * @param config Pool, client and flow.
   * @param options.storage Where the library keeps its state. Pass a persistent one (see
   *   MirrorStorage): without it the library silently keeps state in memory.
   */
  constructor(config: CognitoConfig, options: { storage: ICognitoStorage }) {
    this.#config = config;
    this.#storage = options.storage;
    this.#pool = new CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.clientId,
      endpoint: cognitoEndpoint(config),
      Storage: options.storage,
      // Advanced-security data comes from a script a page would load; a worker has none.
      AdvancedSecurityDataCollectionFlag: false,
    });
  }

  signUp(input: SignUpInput): Promise<{ confirmed: boolean; destination?: string }> {
    const email = normaliseEmail(input.email);
    const attributes = [
      new CognitoUserAttribute({ Name: 'email', Value: email }),
      new CognitoUserAttribute({ Name: 'name', Value: input.name.trim() }),
      new CognitoUserAttribute({ Name: 'preferred_username', Value: input.handle.trim().replace(/^@/, '') }),
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
    const details = new AuthenticationDetails({ Username: normaliseEmail(email), Password: password });
    return new Promise((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: (session) => resolve({ kind: 'signed-in', tokens: this.#tokens(session) }),
        onFailure: (err) => reject(toAuthError(err, 'signIn')),
        newPasswordRequired: () => {
          // The library keeps the challenge session on the user object; we hand it out as data.
          const session = (user as unknown as { Session?: string }).Session ?? '';
          resolve({ kind: 'new-password-required', challenge: { username: user.getUsername(), session } });
        },
        mfaRequired: () => reject(new AuthError('mfa-unsupported')),
        totpRequired: () => reject(new AuthError('mfa-unsupported')),
        mfaSetup: () => reject(new AuthError('mfa-unsupported')),
        selectMFAType: () => reject(new AuthError('mfa-unsupported')),
        customChallenge: () => reject(new AuthError('unsupported')),
      });
    });
  }

  completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<TokenSet> {
    const user = new CognitoUser({ Username: challenge.username, Pool: this.#pool, Storage: this.#storage });
    (user as unknown as { Session: string }).Session = challenge.session;
    return new Promise((resolve, reject) => {
      user.completeNewPasswordChallenge(newPassword, {}, {
        onSuccess: (session) => resolve(this.#tokens(session)),
        onFailure: (err) => reject(toAuthError(err, 'completeNewPassword')),
        mfaRequired: () => reject(new AuthError('mfa-unsupported')),
        mfaSetup: () => reject(new AuthError('mfa-unsupported')),
      });
    });
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

  async refresh(refreshToken: string): Promise<TokenSet> {
    const data = await this.#request<AuthResult>('refresh', 'InitiateAuth', {
      ClientId: this.#config.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    const result = data.AuthenticationResult;
    if (!result?.AccessToken || !result.IdToken) throw new AuthError('unknown');
    return {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    };
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

  async revoke(refreshToken: string): Promise<void> {
    await this.#request('signOut', 'RevokeToken', { Token: refreshToken, ClientId: this.#config.clientId });
  }

  async globalSignOut(accessToken: string): Promise<void> {
    await this.#request('globalSignOut', 'GlobalSignOut', { AccessToken: accessToken });
  }

  #user(email: string): CognitoUser {
    return new CognitoUser({ Username: normaliseEmail(email), Pool: this.#pool, Storage: this.#storage });
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
    const client = (this.#pool as unknown as { client: LowLevelClient }).client;
    return new Promise((resolve, reject) => {
      client.request(operation, params, (err, data) => (err ? reject(toAuthError(err, op)) : resolve((data ?? {}) as T)));
    });
  }
}

function destination(data: unknown): { destination?: string } {
  const d = (data as { CodeDeliveryDetails?: { Destination?: string } } | undefined)?.CodeDeliveryDetails?.Destination;
  return d ? { destination: d } : {};
}
