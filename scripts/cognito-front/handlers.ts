/**
 * The operations the front answers (wholly or in part) instead of passing them to cognito-local
 * untouched: each fixes one way cognito-local 5.3 differs from AWS.
 */
import type { CognitoDb, StoredUser } from './cognito-db.ts';
import { CognitoError, incorrectCredentials, invalidParameter } from './errors.ts';
import type { FrontState } from './front-state.ts';
import { passwordPolicyViolation } from './password-policy.ts';
import { params, type Json, type SrpSignIn, type Upstream } from './srp-sign-in.ts';
import { decodeJwt, verifyAccessToken, type Claims, type Revocations } from './tokens.ts';

export type Handler = (req: Json) => Promise<Json>;

export interface HandlerContext {
  db: CognitoDb;
  upstream: Upstream;
  revocations: Revocations;
  srp: SrpSignIn;
  state: FrontState;
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

/** AWS masks delivery destinations: "d***@c***". */
const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};
const attribute = (user: StoredUser, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * `operations`: what the front answers by op name. `checkAccess`: the access-token check (AWS's
 * messages) the front runs before forwarding any other call that carries an AccessToken.
 */
export function createHandlers(ctx: HandlerContext): {
  operations: Record<string, Handler>;
  checkAccess: (token: unknown) => Claims;
} {
  const { db, upstream, revocations, srp, state } = ctx;

  /** The access-token check cognito-local skips, plus GlobalSignOut's revocation. */
  const checkAccess = (token: unknown): Claims => {
    const claims = verifyAccessToken(token);
    if (revocations.isAccessRevoked(claims)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
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
   * Remembers every access token handed out, so GlobalSignOut can revoke exactly those, and the
   * client each refresh token went to, so another client cannot use it (AWS binds them).
   */
  const noteTokens = (result: Json, clientId: unknown) => {
    const { AccessToken, RefreshToken } = params(result.AuthenticationResult);
    revocations.noteIssued(AccessToken);
    const jti = decodeJwt(RefreshToken)?.jti;
    if (jti && typeof clientId === 'string') state.noteRefresh(jti, clientId);
    return result;
  };

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

  const refresh = async (req: Json) => {
    const token = params(req.AuthParameters).REFRESH_TOKEN;
    await db.client(req.ClientId); // AWS's ResourceNotFoundException for an unknown client first
    if (typeof token === 'string' && revocations.isRefreshRevoked(token)) {
      throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    }
    // A refresh token issued to another app client: AWS answers as for any invalid one.
    const jti = decodeJwt(token)?.jti;
    const issuedTo = jti ? state.refreshClient(jti) : undefined;
    if (issuedTo !== undefined && issuedTo !== req.ClientId) {
      throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    }
    return mapErrors(upstream('InitiateAuth', req), {
      NotAuthorizedException: () => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token'),
    });
  };

  const operations: Record<string, Handler> = {
    InitiateAuth: async (req) => {
      switch (req.AuthFlow) {
        case 'USER_SRP_AUTH':
          return srp.initiate(req);
        case 'USER_PASSWORD_AUTH':
          return noteTokens(await passwordAuth(req), req.ClientId);
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN':
          return noteTokens(await refresh(req), req.ClientId);
        default:
          return noteTokens(await upstream('InitiateAuth', req), req.ClientId);
      }
    },

    RespondToAuthChallenge: async (req) => {
      if (req.ChallengeName === 'PASSWORD_VERIFIER') return noteTokens(await srp.respond(req), req.ClientId);
      if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
        await enforcePolicy(req.ClientId, params(req.ChallengeResponses).NEW_PASSWORD);
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
        throw invalidParameter('1 validation error detected: Value null at \'refreshToken\' failed to satisfy constraint: Member must not be null');
      }
      const result = await refresh({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: req.ClientId,
        AuthParameters: { REFRESH_TOKEN: req.RefreshToken },
        ClientMetadata: req.ClientMetadata,
      });
      noteTokens(result, req.ClientId);
      const { AccessToken, IdToken } = params(result.AuthenticationResult);
      const access = decodeJwt(AccessToken);
      const ExpiresIn = (access?.exp ?? 0) - (access?.iat ?? 0) || 3600; // AWS: the access token's lifetime
      return { AuthenticationResult: { AccessToken, IdToken, ExpiresIn, TokenType: 'Bearer' } };
    },

    SignUp: async (req) => {
      await enforcePolicy(req.ClientId, req.Password);
      return upstream('SignUp', req);
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
      const destination = maskEmail(attribute(user, 'email') ?? '');
      return { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: destination } };
    },

    /**
     * Revokes every refresh token the user holds in cognito-local (its RevokeToken, one by one),
     * and remembers the sign-out so the user's earlier access tokens fail too.
     */
    GlobalSignOut: async (req) => {
      const claims = checkAccess(req.AccessToken);
      const client = await db.client(claims.client_id);
      const user = await db.user(client.UserPoolId, claims.username);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      const tokens = user.RefreshTokens ?? [];
      for (const token of tokens) {
        try {
          await upstream('RevokeToken', { ClientId: client.ClientId, Token: token });
        } catch (error) {
          if (!(error instanceof CognitoError && error.code === 'NotAuthorizedException')) throw error; // already revoked
        }
      }
      revocations.signOut(claims, tokens);
      return {};
    },
  };
  return { operations, checkAccess };
}
