/**
 * Sign-up, confirmation, password resets and account state, where cognito-local differs from AWS:
 * - SignUp without a password only where passwordless sign-in is (the pool allows EMAIL_OTP or
 *   SMS_OTP first): cognito-local then keeps a random password nobody knows, and the front marks
 *   the account passwordless (no PASSWORD or PASSWORD_SRP for it in USER_AUTH). Elsewhere a
 *   missing password is AWS's validation error, as before passwordless existed.
 * - ConfirmSignUp of a confirmed user: NotAuthorizedException "User cannot be confirmed. Current
 *   status is CONFIRMED"; success returns the `Session` that signs the new user in (USER_AUTH).
 * - codes: delivered through Deliveries with the destination masked; repeated requests and wrong
 *   codes meet AWS's LimitExceededException (lockout.ts).
 * - AdminResetUserPassword (cognito-local lacks it): the user must reset before signing in again
 *   (PasswordResetRequiredException, UserStatus RESET_REQUIRED) and is sent a code.
 * - AdminDisableUser ends every sign-in of the user; attribute and username rules (attributes.ts).
 */
import { randomBytes } from 'node:crypto';
import { checkAttributes, checkUsername } from './attributes.ts';
import type { StoredUser } from './cognito-db.ts';
import { maskEmail, type DeliveryPurpose } from './deliveries.ts';
import { CognitoError, incorrectCredentials, invalidParameter } from './errors.ts';
import type { FrontContext } from './handlers.ts';
import type { LimitKind } from './lockout.ts';
import { params, type Json } from './srp-sign-in.ts';
import { allowedFirstFactors } from './user-auth.ts';

const attribute = (user: StoredUser, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
const notFound = () => new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
const noUser = () => new CognitoError('UserNotFoundException', 'User does not exist.');
/** A password no one knows that passes any policy AWS allows (upper, lower, digit, symbol, 99 characters). */
const unknowablePassword = () => `Aa1!${randomBytes(71).toString('base64url')}`.slice(0, 99);

/** cognito-local's answer with its delivery destination masked as AWS masks it. */
const masked = (result: Json): Json => {
  const d = params(result.CodeDeliveryDetails);
  return typeof d.Destination === 'string' && d.DeliveryMedium === 'EMAIL'
    ? { ...result, CodeDeliveryDetails: { ...d, Destination: maskEmail(d.Destination) } }
    : result;
};
const emailDelivery = (email: string) => ({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: maskEmail(email) } });

export function createAccounts(ctx: FrontContext, o: { signUpSession: (clientId: string, username: string) => Promise<string>; signOutEverywhere: (poolId: string, user: StoredUser) => Promise<void> }) {
  const { db, upstream, state, guards } = ctx;
  const account = (poolId: string, username: string) => `${poolId}/${username}`;

  /**
   * Reports the code cognito-local just made for `username` (it keeps it as the user's
   * ConfirmationCode; sign-up, resend and forgot password all store it there). No user, no code.
   */
  const deliver = async (purpose: DeliveryPurpose, poolId: string, username: unknown) => {
    const user = await db.user(poolId, username);
    const email = user && attribute(user, 'email');
    if (user?.ConfirmationCode && email) ctx.deliveries.send({ purpose, username: user.Username, email, code: user.ConfirmationCode });
  };

  /** Runs `call` under the limit of `kind` for the user; `counts` says whether its outcome counts. */
  const limited = async <T>(kind: LimitKind, id: string, call: () => Promise<T>, counts: (error?: unknown) => boolean): Promise<T> => {
    guards.checkLimit(kind, id);
    try {
      const result = await call();
      if (counts()) guards.count(kind, id);
      return result;
    } catch (error) {
      if (counts(error)) guards.count(kind, id);
      throw error;
    }
  };
  const wrongCode = (error?: unknown) => error instanceof CognitoError && error.code === 'CodeMismatchException';

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    SignUp: async (req) => {
      checkUsername(req.Username);
      checkAttributes(req.UserAttributes, 'userAttributes');
      const client = await db.client(req.ClientId);
      let password = req.Password;
      const passwordless = password === undefined || password === null || password === '';
      if (passwordless) {
        const factors = allowedFirstFactors((await db.pool(client.UserPoolId)).Policies?.SignInPolicy);
        if (!factors.includes('EMAIL_OTP') && !factors.includes('SMS_OTP')) {
          throw invalidParameter("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
        }
        password = unknowablePassword();
      } else {
        await ctx.enforcePolicy(req.ClientId, password);
      }
      const result = masked(await upstream('SignUp', { ...req, Password: password }));
      const user = await db.user(client.UserPoolId, req.Username);
      if (passwordless && user) state.changeEntry('accounts', account(client.UserPoolId, user.Username), (a) => ({ ...a, passwordless: true }));
      await deliver('sign-up', client.UserPoolId, req.Username);
      return result;
    },

    /**
     * AWS: the sign-up code went to the email, so confirming it verifies the email when the pool
     * auto-verifies email (`email_verified` true in the ID token after). cognito-local only
     * confirms the user; the front sets the attribute through cognito-local's admin call.
     */
    ConfirmSignUp: async (req) => {
      const client = await db.client(req.ClientId);
      const before = await db.user(client.UserPoolId, req.Username);
      if (before && before.UserStatus !== 'UNCONFIRMED') {
        throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${before.UserStatus ?? 'CONFIRMED'}`);
      }
      const id = account(client.UserPoolId, before?.Username ?? String(req.Username));
      const result = await limited('wrong-code', id, () => upstream('ConfirmSignUp', req), wrongCode);
      const user = await db.user(client.UserPoolId, req.Username);
      const email = user && attribute(user, 'email');
      if (user && email && attribute(user, 'email_verified') !== 'true' && (await db.autoVerified(client.UserPoolId)).includes('email')) {
        // cognito-local wants the email in the same call that verifies it.
        const verified = [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }];
        await upstream('AdminUpdateUserAttributes', { UserPoolId: client.UserPoolId, Username: user.Username, UserAttributes: verified });
      }
      return user ? { ...result, Session: await o.signUpSession(client.ClientId, user.Username) } : result;
    },

    /**
     * cognito-local answers an unknown user with UserNotFoundException whatever the client says,
     * and the destination in clear. AWS, with PreventUserExistenceErrors ENABLED, answers as if
     * a code were sent; its masked destination then is made up (here: from the username).
     */
    ForgotPassword: async (req) => {
      const client = await db.client(req.ClientId);
      const user = await db.user(client.UserPoolId, req.Username);
      if (!user) {
        if (client.PreventUserExistenceErrors === 'ENABLED') return emailDelivery(String(req.Username));
        throw notFound();
      }
      const id = account(client.UserPoolId, user.Username);
      const result = await limited('code-request', id, () => upstream('ForgotPassword', req), (e) => e === undefined);
      await deliver('forgot-password', client.UserPoolId, req.Username);
      return masked(result);
    },

    ConfirmForgotPassword: async (req) => {
      await ctx.enforcePolicy(req.ClientId, req.Password);
      const client = await db.client(req.ClientId);
      const user = await db.user(client.UserPoolId, req.Username);
      const id = account(client.UserPoolId, user?.Username ?? String(req.Username));
      const result = await limited('wrong-code', id, () => upstream('ConfirmForgotPassword', req), wrongCode);
      if (user) state.changeEntry('accounts', id, (a) => (a ? { ...a, resetRequired: false, passwordless: false } : a));
      return result;
    },

    /**
     * cognito-local has no ResendConfirmationCode, but its ForgotPassword makes a fresh code
     * (honouring its CODE env var), "delivers" it like sign-up codes and stores it as the user's
     * ConfirmationCode, which is the very field its ConfirmSignUp compares against
     * (node_modules/cognito-local/lib/targets/forgotPassword.js, confirmSignUp.js).
     */
    ResendConfirmationCode: async (req) => {
      const client = await db.client(req.ClientId);
      const user = await db.user(client.UserPoolId, req.Username);
      if (!user) {
        if (client.PreventUserExistenceErrors !== 'ENABLED') throw notFound();
        return emailDelivery(String(req.Username));
      }
      if (user.UserStatus !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
      const id = account(client.UserPoolId, user.Username);
      await limited('code-request', id, () => upstream('ForgotPassword', { ClientId: client.ClientId, Username: user.Username, ClientMetadata: req.ClientMetadata }), (e) => e === undefined);
      await deliver('resend', client.UserPoolId, user.Username);
      return emailDelivery(attribute(user, 'email') ?? '');
    },

    ChangePassword: async (req) => {
      const claims = ctx.checkAccess(req.AccessToken);
      await ctx.enforcePolicy(claims.client_id, req.ProposedPassword);
      const client = await db.client(claims.client_id);
      const id = account(client.UserPoolId, String(claims.username));
      // A passwordless user sets a first password without a previous one.
      if (state.entry('accounts', id)?.passwordless && (req.PreviousPassword === undefined || req.PreviousPassword === null)) {
        await upstream('AdminSetUserPassword', { UserPoolId: client.UserPoolId, Username: claims.username, Password: req.ProposedPassword, Permanent: true });
        state.changeEntry('accounts', id, (a) => ({ ...a, passwordless: false }));
        return {};
      }
      try {
        return await upstream('ChangePassword', req);
      } catch (error) {
        throw error instanceof CognitoError && error.code === 'InvalidPasswordException' ? incorrectCredentials() : error;
      }
    },

    AdminResetUserPassword: async (req) => {
      const poolId = String(req.UserPoolId);
      const user = await db.user(poolId, req.Username);
      if (!user) throw noUser();
      const clientId = await db.anyClientOf(poolId);
      if (clientId) await upstream('ForgotPassword', { ClientId: clientId, Username: user.Username, ClientMetadata: req.ClientMetadata });
      state.changeEntry('accounts', account(poolId, user.Username), (a) => ({ ...a, resetRequired: true }));
      await deliver('forgot-password', poolId, user.Username);
      return {};
    },

    AdminSetUserPassword: async (req) => {
      const poolId = String(req.UserPoolId);
      await ctx.enforcePoolPolicy(poolId, req.Password);
      const result = await upstream('AdminSetUserPassword', req);
      const user = await db.user(poolId, req.Username);
      if (user && req.Permanent === true) state.changeEntry('accounts', account(poolId, user.Username), (a) => (a ? { ...a, resetRequired: false, passwordless: false } : a));
      return result;
    },

    /** AWS: "Deactivates a user and revokes all access tokens for the user." */
    AdminDisableUser: async (req) => {
      const result = await upstream('AdminDisableUser', req);
      const user = await db.user(String(req.UserPoolId), req.Username);
      if (user) await o.signOutEverywhere(String(req.UserPoolId), user);
      return result;
    },

    AdminCreateUser: async (req) => {
      checkUsername(req.Username);
      checkAttributes(req.UserAttributes, 'userAttributes');
      return upstream('AdminCreateUser', req);
    },
    UpdateUserAttributes: async (req) => {
      ctx.checkAccess(req.AccessToken);
      checkAttributes(req.UserAttributes, 'userAttributes');
      return upstream('UpdateUserAttributes', req);
    },
    AdminUpdateUserAttributes: async (req) => {
      checkAttributes(req.UserAttributes, 'userAttributes');
      return upstream('AdminUpdateUserAttributes', req);
    },
  };

  /** A user record as AdminGetUser/ListUsers show it: RESET_REQUIRED while a reset is owed. */
  const withStatus = (poolId: string, user: Json): Json =>
    typeof user.Username === 'string' && state.entry('accounts', account(poolId, user.Username))?.resetRequired ? { ...user, UserStatus: 'RESET_REQUIRED' } : user;

  return { operations, withStatus };
}
