/**
 * The operations the front answers (wholly or in part) instead of passing them to cognito-local
 * untouched: each fixes one way cognito-local 5.3 differs from AWS.
 */
import type { CognitoDb, StoredUser } from './cognito-db.ts';
import type { Deliveries, DeliveryPurpose } from './deliveries.ts';
import { CognitoError, incorrectCredentials, invalidParameter } from './errors.ts';
import { FrontState, type RefreshTokenRotation } from './front-state.ts';
import { issueTokens, newSignIn, type IssueContext, type SignIn } from './issue-tokens.ts';
import { createMfa, MFA_CHALLENGES } from './mfa.ts';
import { passwordPolicyViolation } from './password-policy.ts';
import { params, type Json, type SrpSignIn, type Upstream } from './srp-sign-in.ts';
import { decodeJwt, userKey, verifyAccessToken, type Claims, type Revocations } from './tokens.ts';

export type Handler = (req: Json) => Promise<Json>;

export interface HandlerContext {
  db: CognitoDb;
  upstream: Upstream;
  revocations: Revocations;
  srp: SrpSignIn;
  state: FrontState;
  /** Where every code the front sends goes (see deliveries.ts). */
  deliveries: Deliveries;
  /** `iss` of the pool's tokens: `<front URL>/<poolId>` (issue-tokens.ts). */
  issuer: (poolId: string) => string;
  /** Claims managed login adds to its sign-ins' tokens (issue-tokens.ts). */
  extraClaims?: IssueContext['extraClaims'];
}

/** Runs `call`, replacing cognito-local errors whose code is in `map` with AWS's. */
async function mapErrors(call: Promise<Json>, map: Record<string, () => CognitoError>): Promise<Json> {
  try {
    return await call;
  } catch (error) {
    const replace = error instanceof CognitoError ? map[error.code] : undefined;
    throw replace ? replace() : error;
  }
}

/** AWS's ExpiresIn: the access token's lifetime in seconds. */
const lifetime = (accessToken: unknown) => {
  const claims = decodeJwt(accessToken);
  return (claims?.exp ?? 0) - (claims?.iat ?? 0) || 3600;
};

/** RefreshTokenRotation as AWS validates it: Feature ENABLED|DISABLED, grace 0..60 s. */
function validRotation(value: unknown): RefreshTokenRotation {
  const r = params(value);
  const grace = r.RetryGracePeriodSeconds ?? 0;
  if (r.Feature !== 'ENABLED' && r.Feature !== 'DISABLED') {
    throw invalidParameter("1 validation error detected: Value at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
  }
  if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 60) {
    throw invalidParameter("1 validation error detected: Value at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value between 0 and 60");
  }
  return { Feature: r.Feature, RetryGracePeriodSeconds: grace };
}

/** AWS masks delivery destinations: "d***@c***". */
const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};
/** cognito-local's answer with its delivery destination masked as AWS masks it. */
const masked = (result: Json): Json => {
  const details = result.CodeDeliveryDetails;
  if (typeof details !== 'object' || details === null) return result;
  const d = details as Json;
  return typeof d.Destination === 'string' && d.DeliveryMedium === 'EMAIL'
    ? { ...result, CodeDeliveryDetails: { ...d, Destination: maskEmail(d.Destination) } }
    : result;
};
const attribute = (user: StoredUser, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * `operations`: what the front answers by op name. `checkAccess`: the access-token check (AWS's
 * messages) the front runs before forwarding any other call that carries an AccessToken.
 */
export function createHandlers(ctx: HandlerContext): {
  operations: Record<string, Handler>;
  checkAccess: (token: unknown, scope?: string) => Claims;
} {
  const { db, upstream, revocations, srp, state } = ctx;

  /**
   * The access-token check cognito-local skips, plus GlobalSignOut's revocation and the scope the
   * call needs (AWS: the user-pool API wants `aws.cognito.signin.user.admin`, which a managed-login
   * grant may lack; managed login's userInfo wants `openid`).
   */
  const checkAccess = (token: unknown, scope = 'aws.cognito.signin.user.admin'): Claims => {
    const claims = verifyAccessToken(token);
    if (revocations.isAccessRevoked(claims)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    if (!(claims.scope ?? '').split(' ').includes(scope)) throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
    return claims;
  };

  /** Enforces the pool's password policy (cognito-local stores it but never checks it). */
  const enforcePolicy = async (clientId: unknown, password: unknown) => {
    if (typeof password !== 'string') return;
    const client = await db.client(clientId);
    const violation = passwordPolicyViolation(password, await db.passwordPolicy(client.UserPoolId));
    if (violation) throw new CognitoError('InvalidPasswordException', violation);
  };

  /**
   * Every token the front hands out goes through here (issue-tokens.ts): AWS's claims, and the
   * client and sign-in each refresh token belongs to, so another client cannot use it (AWS binds
   * them) and RevokeToken/GlobalSignOut can name its whole sign-in.
   */
  const noteTokens = (result: Json, clientId: unknown, signIn?: SignIn) => issueTokens(ctx, result, clientId, signIn);

  const passwordAuth = async (req: Json) => {
    const client = await db.client(req.ClientId);
    const { USERNAME, PASSWORD } = params(req.AuthParameters);
    const user = await db.user(client.UserPoolId, USERNAME);
    const failure = () =>
      client.PreventUserExistenceErrors === 'ENABLED' || user
        ? incorrectCredentials()
        : new CognitoError('UserNotFoundException', 'User does not exist.');
    // cognito-local answers a FORCE_CHANGE_PASSWORD user's sign-in without looking at the password.
    if (user && user.Password !== PASSWORD) throw failure();
    return mapErrors(upstream('InitiateAuth', req), {
      InvalidPasswordException: failure,
      NotAuthorizedException: failure,
      UserNotFoundException: failure,
    });
  };

  const invalidRefresh = () => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');

  /**
   * One refresh, by either API: the client checks, then cognito-local's REFRESH_TOKEN_AUTH with
   * the cognito-local refresh token `token` stands for. `rotating`: GetTokensFromRefreshToken on
   * a client with rotation on, where a rotated-out token lives on only for the grace period.
   */
  const refresh = async (clientId: unknown, token: unknown, clientMetadata: unknown, rotation?: RefreshTokenRotation) => {
    await db.client(clientId); // AWS's ResourceNotFoundException for an unknown client first
    if (typeof token !== 'string' || !token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
    const record = state.refresh(token);
    // A refresh token issued to another app client: AWS answers as for any invalid one.
    if (record && record.clientId !== clientId) throw invalidRefresh();
    if (FrontState.isMinted(token) && !record) throw invalidRefresh();
    const underlying = record?.underlying ?? token;
    if (revocations.isRefreshRevoked(underlying, record)) {
      throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    }
    if (record?.rotatedOutAt !== undefined) {
      const graceMs = (rotation?.RetryGracePeriodSeconds ?? 0) * 1000;
      if (Date.now() - record.rotatedOutAt >= graceMs) throw invalidRefresh();
    }
    const result = await mapErrors(
      upstream('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: underlying }, ClientMetadata: clientMetadata }),
      { NotAuthorizedException: invalidRefresh },
    );
    let known = record ?? { clientId: String(clientId) };
    if (known.originJti === undefined) {
      // A refresh token the front never saw issued (minted straight at cognito-local): it starts
      // its own sign-in from here on.
      const claims = decodeJwt(underlying);
      const signIn = newSignIn(params(result.AuthenticationResult).AccessToken);
      known = { ...known, ...signIn, user: userKey(claims?.iss, claims?.['cognito:username']) };
      state.noteRefresh(token, known);
    }
    const issued = await noteTokens(result, clientId, { originJti: known.originJti ?? '', authTime: known.authTime ?? 0 });
    const { AccessToken, IdToken } = params(issued.AuthenticationResult);
    const next = rotation?.Feature === 'ENABLED' ? state.rotate(token, known) : undefined;
    return { AccessToken, IdToken, next };
  };

  /** The client's rotation setting as DescribeUserPoolClient shows it, merged into cognito-local's answer. */
  const withRotation = (result: Json) => {
    const client = params(result.UserPoolClient);
    const rotation = typeof client.ClientId === 'string' ? state.rotation(client.ClientId) : undefined;
    return rotation ? { ...result, UserPoolClient: { ...client, RefreshTokenRotation: rotation } } : result;
  };

  /** Create/UpdateUserPoolClient: cognito-local gets the rest, the front keeps RefreshTokenRotation. */
  const clientCall = (op: string) => async (req: Json) => {
    const { RefreshTokenRotation: asked, ...rest } = req;
    const rotation = asked === undefined ? undefined : validRotation(asked);
    const result = await upstream(op, rest);
    const id = params(result.UserPoolClient).ClientId;
    if (rotation && typeof id === 'string') state.setRotation(id, rotation);
    return withRotation(result);
  };

  /**
   * Reports the code cognito-local just made for `username` (it keeps it as the user's
   * ConfirmationCode; sign-up, resend and forgot password all store it there). No user, no code.
   */
  const deliver = async (purpose: DeliveryPurpose, clientId: unknown, username: unknown) => {
    const client = await db.client(clientId);
    const user = await db.user(client.UserPoolId, username);
    const email = user && attribute(user, 'email');
    if (user?.ConfirmationCode && email) ctx.deliveries.send({ purpose, username: user.Username, email, code: user.ConfirmationCode });
  };

  /** Revokes every refresh token `user` holds in cognito-local (its RevokeToken, one by one). */
  const revokeAllOf = async (clientId: string, user: StoredUser) => {
    for (const token of user.RefreshTokens ?? []) {
      try {
        await upstream('RevokeToken', { ClientId: clientId, Token: token });
      } catch (error) {
        if (!(error instanceof CognitoError && error.code === 'NotAuthorizedException')) throw error; // already revoked
      }
    }
  };
  // MFA (mfa.ts): `gate` turns a sign-in's tokens into the MFA challenge the user owes.
  const mfa = createMfa({ db, upstream, state, deliveries: ctx.deliveries, checkAccess });

  const operations: Record<string, Handler> = {
    InitiateAuth: async (req) => {
      switch (req.AuthFlow) {
        case 'USER_SRP_AUTH':
          return srp.initiate(req);
        case 'USER_PASSWORD_AUTH':
          return noteTokens(await mfa.gate(await passwordAuth(req), req), req.ClientId);
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN': {
          // AWS: rotation "must be completed with GetTokensFromRefreshToken". The exact error AWS
          // answers here is not in its API reference; NotAuthorizedException is our best guess.
          if (typeof req.ClientId === 'string' && state.rotation(req.ClientId)?.Feature === 'ENABLED') {
            throw new CognitoError('NotAuthorizedException', 'Refresh token rotation is enabled for this app client: use GetTokensFromRefreshToken.');
          }
          const { AccessToken, IdToken } = await refresh(req.ClientId, params(req.AuthParameters).REFRESH_TOKEN, req.ClientMetadata);
          return { ChallengeParameters: {}, AuthenticationResult: { AccessToken, IdToken, ExpiresIn: lifetime(AccessToken), TokenType: 'Bearer' } };
        }
        default:
          return noteTokens(await upstream('InitiateAuth', req), req.ClientId);
      }
    },

    RespondToAuthChallenge: async (req) => {
      if (req.ChallengeName === 'PASSWORD_VERIFIER') return noteTokens(await mfa.gate(await srp.respond(req), req), req.ClientId);
      if (typeof req.ChallengeName === 'string' && MFA_CHALLENGES.includes(req.ChallengeName)) return noteTokens(await mfa.respond(req), req.ClientId);
      if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
        await enforcePolicy(req.ClientId, params(req.ChallengeResponses).NEW_PASSWORD);
        // A new password, then the MFA the user owes, as AWS asks for them.
        return noteTokens(await mfa.gate(await upstream('RespondToAuthChallenge', req), req), req.ClientId);
      }
      return noteTokens(await upstream('RespondToAuthChallenge', req), req.ClientId);
    },

    /**
     * AWS's newer refresh API (the one refresh-token rotation needs). Without rotation, which this
     * front does not implement yet, it answers like REFRESH_TOKEN_AUTH: new ID and access tokens,
     * no new refresh token. ClientSecret is not checked (the local clients have none).
     */
    GetTokensFromRefreshToken: async (req) => {
      if (typeof req.RefreshToken !== 'string' || !req.RefreshToken) {
        throw invalidParameter("1 validation error detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null");
      }
      const rotation = typeof req.ClientId === 'string' ? state.rotation(req.ClientId) : undefined;
      const { AccessToken, IdToken, next } = await refresh(req.ClientId, req.RefreshToken, req.ClientMetadata, rotation);
      const result: Json = { AccessToken, IdToken, ExpiresIn: lifetime(AccessToken), TokenType: 'Bearer' };
      if (next) result.RefreshToken = next;
      return { AuthenticationResult: result };
    },

    CreateUserPoolClient: clientCall('CreateUserPoolClient'),
    UpdateUserPoolClient: clientCall('UpdateUserPoolClient'),
    DescribeUserPoolClient: async (req) => withRotation(await upstream('DescribeUserPoolClient', req)),

    SignUp: async (req) => {
      await enforcePolicy(req.ClientId, req.Password);
      const result = masked(await upstream('SignUp', req));
      await deliver('sign-up', req.ClientId, req.Username);
      return result;
    },

    /**
     * cognito-local answers an unknown user with UserNotFoundException whatever the client says,
     * and the destination in clear. AWS, with PreventUserExistenceErrors ENABLED, answers as if
     * a code were sent; its masked destination then is made up (here: from the username).
     */
    ForgotPassword: async (req) => {
      const client = await db.client(req.ClientId);
      const user = await db.user(client.UserPoolId, req.Username);
      if (!user && client.PreventUserExistenceErrors === 'ENABLED') {
        return { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: maskEmail(String(req.Username)) } };
      }
      const result = masked(await mapErrors(upstream('ForgotPassword', req), {
        UserNotFoundException: () => new CognitoError('UserNotFoundException', 'Username/client id combination not found.'),
      }));
      await deliver('forgot-password', req.ClientId, req.Username);
      return result;
    },

    /**
     * AWS: the sign-up code went to the email, so confirming it verifies the email when the pool
     * auto-verifies email (`email_verified` true in the ID token after). cognito-local only
     * confirms the user; the front sets the attribute through cognito-local's admin call.
     */
    ConfirmSignUp: async (req) => {
      const result = await upstream('ConfirmSignUp', req);
      const client = await db.client(req.ClientId);
      const user = await db.user(client.UserPoolId, req.Username);
      const email = user && attribute(user, 'email');
      if (user && email && attribute(user, 'email_verified') !== 'true' && (await db.autoVerified(client.UserPoolId)).includes('email')) {
        // cognito-local wants the email in the same call that verifies it.
        const verified = [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }];
        await upstream('AdminUpdateUserAttributes', { UserPoolId: client.UserPoolId, Username: user.Username, UserAttributes: verified });
      }
      return result;
    },

    ConfirmForgotPassword: async (req) => {
      await enforcePolicy(req.ClientId, req.Password);
      return upstream('ConfirmForgotPassword', req);
    },

    ChangePassword: async (req) => {
      const claims = checkAccess(req.AccessToken);
      await enforcePolicy(claims.client_id, req.ProposedPassword);
      return mapErrors(upstream('ChangePassword', req), { InvalidPasswordException: incorrectCredentials });
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
        if (client.PreventUserExistenceErrors !== 'ENABLED') {
          throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
        }
        const destination = maskEmail(String(req.Username));
        return { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: destination } };
      }
      if (user.UserStatus !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
      await upstream('ForgotPassword', { ClientId: client.ClientId, Username: user.Username, ClientMetadata: req.ClientMetadata });
      await deliver('resend', client.ClientId, user.Username);
      const destination = maskEmail(attribute(user, 'email') ?? '');
      return { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: destination } };
    },

    /**
     * Revokes every refresh token the user holds in cognito-local, and every sign-in of the user
     * (persisted), so the user's earlier access and front-minted refresh tokens fail too.
     */
    GlobalSignOut: async (req) => {
      const claims = checkAccess(req.AccessToken);
      const client = await db.client(claims.client_id);
      const user = await db.user(client.UserPoolId, claims.username);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      await revokeAllOf(client.ClientId, user);
      revocations.signOut(client.UserPoolId, user.Username);
      return {};
    },

    /** AdminUserGlobalSignOut: GlobalSignOut for a named user (cognito-local does not have it). */
    AdminUserGlobalSignOut: async (req) => {
      const user = await db.user(String(req.UserPoolId ?? ''), req.Username);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      const clientId = await db.anyClientOf(String(req.UserPoolId));
      if (clientId) await revokeAllOf(clientId, user);
      revocations.signOut(String(req.UserPoolId), user.Username);
      return {};
    },

    /**
     * RevokeToken as AWS: the refresh token's whole sign-in (every refresh token rotated from it and
     * every access token of it, by `origin_jti`), for front-minted tokens too. A token issued to
     * another client is refused; cognito-local words the answer for a token nobody issued.
     */
    RevokeToken: async (req) => {
      const client = await db.client(req.ClientId);
      if (typeof req.Token !== 'string' || !req.Token) {
        throw invalidParameter("1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null");
      }
      const record = state.refresh(req.Token);
      if (record && record.clientId !== client.ClientId) {
        throw new CognitoError('UnauthorizedException', 'The refresh token was not issued to this app client.');
      }
      if (record?.originJti) revocations.revokeSignIn(record.originJti);
      else if (FrontState.isMinted(req.Token)) throw invalidRefresh();
      try {
        await upstream('RevokeToken', { ClientId: client.ClientId, Token: record?.underlying ?? req.Token });
      } catch (error) {
        // Already gone from cognito-local (GlobalSignOut, an earlier revoke): the sign-in is revoked all the same.
        if (!(record && error instanceof CognitoError && error.code === 'NotAuthorizedException')) throw error;
      }
      return {};
    },

    // MFA's own operations, GetUser's MFA fields included.
    ...mfa.operations,
  };
  return { operations, checkAccess };
}
