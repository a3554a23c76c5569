/**
 * Refresh and revocation as AWS does them, on top of cognito-local's REFRESH_TOKEN_AUTH (which
 * checks nothing but that it issued the token):
 * - a refresh token works only with the client it was issued to, only while its sign-in is not
 *   revoked, and only for an enabled user ("User is disabled.");
 * - `GetTokensFromRefreshToken` (cognito-local lacks it) on a client with refresh-token rotation
 *   hands out a new refresh token; the old one works for `RetryGracePeriodSeconds`, then answers
 *   `RefreshTokenReuseException`, the exception AWS's API model defines for "a refresh token that
 *   has been invalidated by refresh-token rotation"; `REFRESH_TOKEN_AUTH` is refused there;
 * - `RevokeToken` revokes the token's whole sign-in, `GlobalSignOut` and `AdminUserGlobalSignOut`
 *   every sign-in of the user, kept in the front's state (tokens.ts).
 */
import { requireFlow } from './client-settings.ts';
import type { StoredUser } from './cognito-db.ts';
import { CognitoError, invalidParameter } from './errors.ts';
import { FrontState, type RefreshTokenRotation } from './front-state.ts';
import { newSignIn, type SignIn } from './issue-tokens.ts';
import type { FrontContext } from './handlers.ts';
import { userDisabled } from './sign-in.ts';
import { params, type Json } from './srp-sign-in.ts';
import { decodeJwt, userKey } from './tokens.ts';

const invalidRefresh = () => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
const reused = () => new CognitoError('RefreshTokenReuseException', 'The refresh token has been rotated out and its grace period has passed.');
const revoked = () => new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');

export function createRefresh(ctx: FrontContext) {
  const { db, upstream, state, revocations } = ctx;

  /** Maps cognito-local's errors for one call (`map`: its code → AWS's error). */
  const mapped = async (call: Promise<Json>, map: Record<string, () => CognitoError>) => {
    try {
      return await call;
    } catch (error) {
      const replace = error instanceof CognitoError ? map[error.code] : undefined;
      throw replace ? replace() : error;
    }
  };

  /**
   * One refresh, by either API, of the token `token` stands for. `rotation`: the client's
   * rotation when GetTokensFromRefreshToken asks (a rotated-out token then lives on only for the
   * grace period). Returns the new tokens' result and, when rotating, the next refresh token.
   */
  const refresh = async (clientId: unknown, token: unknown, clientMetadata: unknown, rotation?: RefreshTokenRotation, hosted = false) => {
    const client = await db.client(clientId); // AWS's ResourceNotFoundException for an unknown client first
    // "Users who sign in ... in managed login ... can always refresh their tokens from the token endpoint."
    if (!hosted) requireFlow(client, 'REFRESH_TOKEN_AUTH');
    if (typeof token !== 'string' || !token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
    const record = state.refresh(token);
    // A refresh token issued to another app client: AWS answers as for any invalid one.
    if (record && record.clientId !== clientId) throw invalidRefresh();
    if (FrontState.isMinted(token) && !record) throw invalidRefresh();
    const underlying = record?.underlying ?? token;
    const owner = await db.user(client.UserPoolId, decodeJwt(underlying)?.['cognito:username']);
    if (owner?.Enabled === false) throw userDisabled();
    if (revocations.isRefreshRevoked(underlying, record)) throw revoked();
    if (record?.rotatedOutAt !== undefined && ctx.now() - record.rotatedOutAt >= (rotation?.RetryGracePeriodSeconds ?? 0) * 1000) {
      throw rotation?.Feature === 'ENABLED' ? reused() : invalidRefresh();
    }
    const result = await mapped(
      upstream('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: underlying }, ClientMetadata: clientMetadata }),
      { NotAuthorizedException: invalidRefresh },
    );
    let known = record ?? { clientId: String(clientId) };
    if (known.originJti === undefined) {
      // A refresh token the front never saw issued (from before the front minted its own): it
      // starts its own sign-in from here on.
      const claims = decodeJwt(underlying);
      const signIn = newSignIn(params(result.AuthenticationResult).AccessToken, ctx.now());
      known = { ...known, ...signIn, user: userKey(claims?.iss, claims?.['cognito:username']) };
      state.noteRefresh(token, known);
    }
    const signIn: SignIn = { originJti: known.originJti ?? '', authTime: known.authTime ?? 0 };
    const issued = params((await ctx.issue(result, String(clientId), signIn)).AuthenticationResult);
    const { AccessToken, IdToken, ExpiresIn, TokenType } = issued;
    const next = rotation?.Feature === 'ENABLED' ? state.rotate(token, known, ctx.now()) : undefined;
    return { tokens: { AccessToken, IdToken, ExpiresIn, TokenType }, next };
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

  /** Every sign-in of `username` in `poolId` ends (GlobalSignOut, AdminUserGlobalSignOut, AdminDisableUser). */
  const signOutEverywhere = async (poolId: string, user: StoredUser) => {
    const clientId = await db.anyClientOf(poolId);
    if (clientId) await revokeAllOf(clientId, user);
    revocations.signOut(poolId, user.Username, ctx.now());
  };

  /** InitiateAuth REFRESH_TOKEN_AUTH (and AdminInitiateAuth's). */
  const refreshFlow = async (req: Json): Promise<Json> => {
    // AWS: rotation "must be completed with GetTokensFromRefreshToken". The exact error AWS
    // answers here is not in its API reference; NotAuthorizedException is our best guess.
    if (typeof req.ClientId === 'string' && state.rotation(req.ClientId)?.Feature === 'ENABLED') {
      throw new CognitoError('NotAuthorizedException', 'Refresh token rotation is enabled for this app client: use GetTokensFromRefreshToken.');
    }
    const { tokens } = await refresh(req.ClientId, params(req.AuthParameters).REFRESH_TOKEN, req.ClientMetadata);
    return { ChallengeParameters: {}, AuthenticationResult: tokens };
  };

  /** AWS's newer refresh API, the one refresh-token rotation needs. ClientSecret is not checked (public clients). */
  const getTokens = (hosted: boolean) => async (req: Json) => {
    const rotation = typeof req.ClientId === 'string' ? state.rotation(req.ClientId) : undefined;
    const { tokens, next } = await refresh(req.ClientId, req.RefreshToken, req.ClientMetadata, rotation, hosted);
    return { AuthenticationResult: { ...tokens, ...(next ? { RefreshToken: next } : {}) } };
  };

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    GetTokensFromRefreshToken: getTokens(false),

    /**
     * RevokeToken as AWS: the refresh token's whole sign-in (every refresh token rotated from it and
     * every access token of it, by `origin_jti`). A token issued to another client is refused; a
     * token nobody issued is "Invalid Refresh Token".
     */
    RevokeToken: async (req) => {
      const client = await db.client(req.ClientId);
      const token = String(req.Token);
      const record = state.refresh(token);
      if (record && record.clientId !== client.ClientId) {
        throw new CognitoError('UnauthorizedException', 'The refresh token was not issued to this app client.');
      }
      if (record?.originJti) revocations.revokeSignIn(record.originJti);
      else if (FrontState.isMinted(token)) throw invalidRefresh();
      try {
        await upstream('RevokeToken', { ClientId: client.ClientId, Token: record?.underlying ?? token });
      } catch (error) {
        // Already gone from cognito-local (GlobalSignOut, an earlier revoke): the sign-in is revoked all the same.
        if (!(record && error instanceof CognitoError && error.code === 'NotAuthorizedException')) throw error;
      }
      return {};
    },

    GlobalSignOut: async (req) => {
      const claims = ctx.checkAccess(req.AccessToken);
      const client = await db.client(claims.client_id);
      const user = await db.user(client.UserPoolId, claims.username);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      await signOutEverywhere(client.UserPoolId, user);
      return {};
    },

    AdminUserGlobalSignOut: async (req) => {
      const user = await db.user(String(req.UserPoolId), req.Username);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      await signOutEverywhere(String(req.UserPoolId), user);
      return {};
    },
  };

  /** Managed login's token endpoint refreshes whatever the client's ExplicitAuthFlows. */
  return { operations, refreshFlow, signOutEverywhere, hosted: { GetTokensFromRefreshToken: getTokens(true) } };
}
