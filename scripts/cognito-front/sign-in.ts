/**
 * One sign-in from its first factor to its tokens, the same whichever flow started it
 * (USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH, ADMIN_USER_PASSWORD_AUTH, a new password):
 *
 *   first factor ─► remembered device? (DEVICE_SRP_AUTH) ─► MFA owed? (mfa.ts) ─► tokens
 *
 * - A password first factor (`passwordFactor`) meets the lockout (lockout.ts) and the account's
 *   state in AWS's order: a wrong password counts a failure; a right one then meets "User is
 *   disabled.", PasswordResetRequiredException (AdminResetUserPassword), UserNotConfirmedException,
 *   or cognito-local's NEW_PASSWORD_REQUIRED for an administrator-created user.
 * - A one-time-code first factor (USER_AUTH EMAIL_OTP, the sign-in a confirmed sign-up starts)
 *   adds no MFA: "Users who sign in with a one-time password as the first factor can't add an MFA
 *   factor to their session" (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html).
 * - A remembered device skips MFA when the pool's `ChallengeRequiredOnNewDevice` says so.
 * - `finish` has cognito-local mint the tokens (USER_PASSWORD_AUTH with the password it keeps),
 *   then issue-tokens.ts shapes them; a pool that tracks devices adds `NewDeviceMetadata` for a
 *   device it does not know yet.
 */
import type { CognitoDb, StoredClient, StoredUser } from './cognito-db.ts';
import { sessionExpired } from './challenge-sessions.ts';
import type { DeviceRecord } from './devices.ts';
import { CognitoError, incorrectCredentials } from './errors.ts';
import type { FrontState } from './front-state.ts';
import type { Guards } from './lockout.ts';
import { params, type Json, type Upstream } from './srp-sign-in.ts';

/** A sign-in in progress, after its first factor. */
export interface SignInContext {
  clientId: string;
  poolId: string;
  /** cognito-local's Username (in an email-username pool, the user's sub). */
  username: string;
  clientMetadata: unknown;
  /** What the user proved first: a password (MFA may follow) or a one-time code (no MFA). */
  factor: 'password' | 'code';
  /** The DEVICE_KEY the client presented, if any. */
  deviceKey?: string;
}

export interface SignInStepsOptions {
  db: CognitoDb;
  upstream: Upstream;
  state: FrontState;
  guards: Guards;
  /** issue-tokens.ts, bound to the front. */
  issue: (result: Json, clientId: string, accessClaims: Json) => Promise<Json>;
  /** The MFA challenge the user owes, or undefined (mfa.ts). */
  mfaChallenge: (signIn: SignInContext) => Promise<Json | undefined>;
  devices: {
    tracking: (poolId: string) => Promise<{ ChallengeRequiredOnNewDevice?: boolean } | undefined>;
    presented: (signIn: SignInContext) => Promise<DeviceRecord | undefined>;
    challenge: (signIn: SignInContext, device: DeviceRecord) => Promise<Json>;
    newDevice: (poolId: string, user: string) => Json;
  };
}

export const userDisabled = () => new CognitoError('NotAuthorizedException', 'User is disabled.');
export const resetRequired = () => new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
const notConfirmed = () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
const missingUser = () => new CognitoError('UserNotFoundException', 'User does not exist.');

export function createSignInSteps(o: SignInStepsOptions) {
  const { db, upstream, state, guards } = o;

  /**
   * A password first factor: `user` (undefined: nobody by that name) and whether the password
   * (or its SRP proof) was right. Returns the sign-in to continue, or cognito-local's
   * NEW_PASSWORD_REQUIRED challenge for an administrator-created user.
   */
  const passwordFactor = async (
    client: StoredClient,
    user: StoredUser | undefined,
    right: boolean,
    rest: { clientMetadata: unknown; deviceKey?: string },
  ): Promise<SignInContext | { challenge: Json }> => {
    if (!user) throw client.PreventUserExistenceErrors === 'ENABLED' ? incorrectCredentials() : missingUser();
    const id = `${client.UserPoolId}/${user.Username}`;
    guards.checkPassword(id);
    if (!right) {
      guards.passwordFailed(id);
      throw incorrectCredentials();
    }
    guards.passwordSucceeded(id);
    if (user.Enabled === false) throw userDisabled();
    if (state.entry('accounts', id)?.resetRequired) throw resetRequired();
    if (user.UserStatus === 'UNCONFIRMED') throw notConfirmed();
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      // cognito-local's own challenge (and its Session), answered by it with RespondToAuthChallenge.
      const challenge = await upstream('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: client.ClientId,
        AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password },
        ClientMetadata: rest.clientMetadata,
      });
      return { challenge };
    }
    return { clientId: client.ClientId, poolId: client.UserPoolId, username: user.Username, factor: 'password', ...rest };
  };

  /** After the first factor: the device's proof when the client named a remembered one. */
  const continueSignIn = async (signIn: SignInContext): Promise<Json> => {
    const device = await o.devices.presented(signIn);
    return device ? o.devices.challenge(signIn, device) : afterDevice(signIn);
  };

  /** After the device (if any): the MFA the user owes, unless a remembered device spares it. */
  const afterDevice = async (signIn: SignInContext, device?: DeviceRecord): Promise<Json> => {
    if (signIn.factor === 'password') {
      const spared = device?.remembered === true && (await o.devices.tracking(signIn.poolId))?.ChallengeRequiredOnNewDevice === true;
      const challenge = spared ? undefined : await o.mfaChallenge(signIn);
      if (challenge) return challenge;
    }
    return finish(signIn, device);
  };

  /** The tokens: cognito-local mints them, issue-tokens.ts shapes them. */
  const finish = async (signIn: SignInContext, device?: DeviceRecord): Promise<Json> => {
    const user = await db.user(signIn.poolId, signIn.username);
    if (!user?.Password) throw sessionExpired();
    if (user.Enabled === false) throw userDisabled();
    const minted = await upstream('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: signIn.clientId,
      AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password },
      ClientMetadata: signIn.clientMetadata,
    });
    // cognito-local's own challenge (NEW_PASSWORD_REQUIRED for a user an administrator reset meanwhile).
    if (minted.ChallengeName) return minted;
    const issued = await o.issue(minted, signIn.clientId, device ? { device_key: device.key } : {});
    const result = { ...params(issued.AuthenticationResult) };
    const known = device ?? (signIn.deviceKey ? state.entry('devices', signIn.deviceKey) : undefined);
    const mine = known?.user === `${signIn.poolId}/${user.Username}` && known.confirmed;
    if (!mine && (await o.devices.tracking(signIn.poolId))) {
      result.NewDeviceMetadata = o.devices.newDevice(signIn.poolId, `${signIn.poolId}/${user.Username}`);
    }
    return { ChallengeParameters: {}, AuthenticationResult: result };
  };

  return { passwordFactor, continueSignIn, afterDevice, finish };
}
