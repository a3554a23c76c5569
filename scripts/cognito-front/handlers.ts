/**
 * The operations the front answers (wholly or in part) instead of passing them to cognito-local
 * untouched, each fixing one way cognito-local 5.3 differs from AWS. This file wires the parts:
 * sign-in (auth-flows.ts, sign-in.ts, user-auth.ts, devices.ts, mfa.ts), refresh and revocation
 * (refresh.ts), accounts (accounts.ts) and settings (pool-config.ts).
 */
import type { CognitoDb } from './cognito-db.ts';
import { createAccounts } from './accounts.ts';
import { createAuthFlows } from './auth-flows.ts';
import type { Deliveries } from './deliveries.ts';
import { createDevices } from './devices.ts';
import { CognitoError } from './errors.ts';
import type { FrontState } from './front-state.ts';
import { issueTokens, type IssueContext, type SignIn } from './issue-tokens.ts';
import { Guards } from './lockout.ts';
import { createMfa, MFA_CHALLENGES } from './mfa.ts';
import { passwordPolicyViolation } from './password-policy.ts';
import { createPoolConfig, withSignInPolicy } from './pool-config.ts';
import { createRefresh } from './refresh.ts';
import { createSignInSteps } from './sign-in.ts';
import { params, type Json, type SrpSignIn, type Upstream } from './srp-sign-in.ts';
import { verifyAccessToken, type Claims, type Revocations } from './tokens.ts';
import { createUserAuth, type WebAuthnFirstFactor } from './user-auth.ts';

export type Handler = (req: Json) => Promise<Json>;

export interface HandlerContext {
  db: CognitoDb;
  upstream: Upstream;
  revocations: Revocations;
  srp: SrpSignIn;
  state: FrontState;
  /** Where every code the front sends goes (see deliveries.ts). */
  deliveries: Deliveries;
  /** The front's clock (ms since the epoch). */
  now: () => number;
  /** The development option that lets app clients have tokens shorter than AWS's 5 minutes. */
  shortTokenLifetimes: boolean;
  /** `iss` of the pool's tokens: `<front URL>/<poolId>` (issue-tokens.ts). */
  issuer: (poolId: string) => string;
  /** Claims managed login adds to its sign-ins' tokens (issue-tokens.ts). */
  extraClaims?: IssueContext['extraClaims'];
  /** USER_AUTH's passkey first factor (managed login's WebAuthn); absent, nobody has a passkey. */
  webAuthn?: WebAuthnFirstFactor;
}

/** What every part shares: the context plus the front's common checks. */
export interface FrontContext extends HandlerContext {
  guards: Guards;
  /** The access-token check cognito-local skips (signature, expiry, revocation, scope), AWS's messages. */
  checkAccess: (token: unknown, scope?: string) => Claims;
  /** Every token leaves through here (issue-tokens.ts). */
  issue: (result: Json, clientId: string, signIn?: SignIn, accessClaims?: Json) => Promise<Json>;
  /** The pool's password policy (cognito-local stores it but never checks it), by client or pool. */
  enforcePolicy: (clientId: unknown, password: unknown) => Promise<void>;
  enforcePoolPolicy: (poolId: string, password: unknown) => Promise<void>;
}

/**
 * `operations`: what the front answers by op name. `checkAccess`: the access-token check the
 * front runs before forwarding any other call that carries an AccessToken.
 */
export function createHandlers(base: HandlerContext): {
  operations: Record<string, Handler>;
  /** The operations as managed login's own pages call them: ExplicitAuthFlows govern the API only. */
  hostedOperations: Record<string, Handler>;
  checkAccess: (token: unknown, scope?: string) => Claims;
} {
  const { db, revocations } = base;
  /**
   * The access-token check cognito-local skips, plus revocation and the scope the call needs (AWS:
   * the user-pool API wants `aws.cognito.signin.user.admin`, which a managed-login grant may lack;
   * managed login's userInfo wants `openid`).
   */
  const checkAccess = (token: unknown, scope = 'aws.cognito.signin.user.admin'): Claims => {
    const claims = verifyAccessToken(token, base.now());
    if (revocations.isAccessRevoked(claims)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    if (!(claims.scope ?? '').split(' ').includes(scope)) throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
    return claims;
  };
  const enforcePoolPolicy = async (poolId: string, password: unknown) => {
    if (typeof password !== 'string') return;
    const violation = passwordPolicyViolation(password, await db.passwordPolicy(poolId));
    if (violation) throw new CognitoError('InvalidPasswordException', violation);
  };
  const ctx: FrontContext = {
    ...base,
    guards: new Guards(base.state, base.now),
    checkAccess,
    issue: (result, clientId, signIn, accessClaims) => issueTokens(base, result, clientId, signIn, accessClaims),
    enforcePolicy: async (clientId, password) => enforcePoolPolicy((await db.client(clientId)).UserPoolId, password),
    enforcePoolPolicy,
  };

  /** The user an access token names (for the calls a signed-in user makes about themselves). */
  const tokenUser = async (token: unknown) => {
    const claims = checkAccess(token);
    const client = await db.client(claims.client_id);
    const user = await db.user(client.UserPoolId, claims.username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return { poolId: client.UserPoolId, username: user.Username };
  };

  // The sign-in's parts call each other (the steps need MFA and devices, which finish through the
  // steps): each is reached through the `steps` binding, set right below.
  // eslint-disable-next-line prefer-const
  let steps: ReturnType<typeof createSignInSteps>;
  const mfa = createMfa({ ...ctx, complete: (signIn) => steps.finish(signIn) });
  const devices = createDevices({ ...ctx, tokenUser, afterDevice: (signIn, device) => steps.afterDevice(signIn, device) });
  steps = createSignInSteps({
    ...ctx,
    issue: (result, clientId, accessClaims) => ctx.issue(result, clientId, undefined, accessClaims),
    mfaChallenge: (signIn) => mfa.challengeFor(signIn),
    devices,
  });
  const userAuth = createUserAuth({
    ...ctx,
    password: async (client, user, password, rest) => {
      const outcome = await steps.passwordFactor(client, user, user !== undefined && user.Password === password, rest);
      return 'challenge' in outcome ? outcome.challenge : steps.continueSignIn(outcome);
    },
    continueSignIn: steps.continueSignIn,
  });
  const refresh = createRefresh(ctx);
  const accounts = createAccounts(ctx, {
    signUpSession: async (clientId, username) => userAuth.signUpSession(await db.client(clientId), username),
    signOutEverywhere: refresh.signOutEverywhere,
  });
  const flows = createAuthFlows(ctx, { signIn: steps, userAuth, devices, mfa, challenges: MFA_CHALLENGES, refreshFlow: refresh.refreshFlow });
  const pools = createPoolConfig(ctx, { current: mfa.poolConfig });

  const operations: Record<string, Handler> = {
    ...mfa.operations,
    ...devices.operations,
    ...refresh.operations,
    ...accounts.operations,
    ...pools.operations,
    ...flows.operations,
    DescribeUserPool: async (req) => withSignInPolicy(await mfa.operations.DescribeUserPool?.(req) ?? {}),
    AdminGetUser: async (req) => accounts.withStatus(String(req.UserPoolId), (await mfa.operations.AdminGetUser?.(req)) ?? {}),
    ListUsers: async (req) => {
      const result = await base.upstream('ListUsers', req);
      const users = Array.isArray(result.Users) ? (result.Users as Json[]) : [];
      return { ...result, Users: users.map((u) => accounts.withStatus(String(req.UserPoolId), params(u))) };
    },
  };
  return { operations, hostedOperations: { ...operations, ...flows.hosted, ...refresh.hosted }, checkAccess };
}
