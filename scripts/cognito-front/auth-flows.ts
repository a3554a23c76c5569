/**
 * InitiateAuth, RespondToAuthChallenge and their Admin forms: every flow checked against the
 * client's ExplicitAuthFlows, then handed to the one sign-in (sign-in.ts) whatever started it, so
 * AdminInitiateAuth meets the same lockout, challenges, errors and claims as InitiateAuth.
 * AdminInitiateAuth / AdminRespondToAuthChallenge are IAM-signed (front.ts) and name their pool,
 * which must be the client's. Managed login's own sign-in page goes through the same path but not
 * through ExplicitAuthFlows, which govern the API only (`hosted`).
 */
import { requireFlow } from './client-settings.ts';
import type { StoredClient } from './cognito-db.ts';
import { CognitoError, invalidParameter } from './errors.ts';
import type { FrontContext } from './handlers.ts';
import type { SignInContext } from './sign-in.ts';
import { params, type Json } from './srp-sign-in.ts';
import { decodeJwt } from './tokens.ts';

const AUTH_FLOWS = ['USER_AUTH', 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'USER_PASSWORD_AUTH'];
const ADMIN_AUTH_FLOWS = ['USER_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH'];

export interface AuthFlowParts {
  signIn: {
    passwordFactor: (client: StoredClient, user: Awaited<ReturnType<FrontContext['db']['user']>>, right: boolean, rest: { clientMetadata: unknown; deviceKey?: string }) => Promise<SignInContext | { challenge: Json }>;
    continueSignIn: (signIn: SignInContext) => Promise<Json>;
  };
  userAuth: {
    initiate: (client: StoredClient, req: Json) => Promise<Json>;
    respond: (req: Json) => Promise<Json>;
    respondWebAuthn: (req: Json) => Promise<Json>;
    owns: (session: unknown, clientId: unknown) => boolean;
  };
  devices: { respond: (req: Json) => Promise<Json> };
  mfa: { respond: (req: Json) => Promise<Json> };
  challenges: readonly string[];
  refreshFlow: (req: Json) => Promise<Json>;
}

export function createAuthFlows(ctx: FrontContext, parts: AuthFlowParts) {
  const { db, upstream, srp } = ctx;

  /** A password first factor's outcome: the sign-in carried on, or cognito-local's challenge. */
  const password = async (client: StoredClient, user: Awaited<ReturnType<typeof db.user>>, right: boolean, rest: { clientMetadata: unknown; deviceKey?: string }) => {
    const outcome = await parts.signIn.passwordFactor(client, user, right, rest);
    return 'challenge' in outcome ? outcome.challenge : parts.signIn.continueSignIn(outcome);
  };

  /** USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH. */
  const passwordFlow = async (client: StoredClient, req: Json) => {
    const { USERNAME, PASSWORD, DEVICE_KEY } = params(req.AuthParameters);
    if (typeof USERNAME !== 'string' || !USERNAME) throw invalidParameter('Missing required parameter USERNAME');
    if (typeof PASSWORD !== 'string') throw invalidParameter('Missing required parameter PASSWORD');
    const user = await db.user(client.UserPoolId, USERNAME);
    const rest = { clientMetadata: req.ClientMetadata, ...(typeof DEVICE_KEY === 'string' ? { deviceKey: DEVICE_KEY } : {}) };
    return password(client, user, user?.Password === PASSWORD, rest);
  };

  const initiate = async (req: Json, admin: boolean, hosted = false): Promise<Json> => {
    const flows = admin ? ADMIN_AUTH_FLOWS : AUTH_FLOWS;
    if (typeof req.AuthFlow !== 'string' || !flows.includes(req.AuthFlow)) {
      throw invalidParameter(`1 validation error detected: Value '${String(req.AuthFlow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${flows.join(', ')}]`);
    }
    const client = await db.client(req.ClientId);
    if (admin && req.UserPoolId !== client.UserPoolId) throw new CognitoError('ResourceNotFoundException', `User pool client ${client.ClientId} does not exist.`);
    if (!hosted) requireFlow(client, req.AuthFlow);
    switch (req.AuthFlow) {
      case 'USER_SRP_AUTH':
        return srp.initiate(req);
      case 'USER_PASSWORD_AUTH':
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        return passwordFlow(client, req);
      case 'USER_AUTH':
        return parts.userAuth.initiate(client, req);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return parts.refreshFlow(req);
      default:
        // CUSTOM_AUTH runs the pool's Lambda triggers, which a local stack has none of.
        throw invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
    }
  };

  const respond = async (req: Json, admin: boolean): Promise<Json> => {
    const client = await db.client(req.ClientId);
    if (admin && req.UserPoolId !== client.UserPoolId) throw new CognitoError('ResourceNotFoundException', `User pool client ${client.ClientId} does not exist.`);
    const name = String(req.ChallengeName);
    if (name === 'PASSWORD_VERIFIER') {
      const proof = srp.respond(req);
      return password(client, proof.user, proof.proven, { clientMetadata: proof.clientMetadata, ...(proof.deviceKey ? { deviceKey: proof.deviceKey } : {}) });
    }
    if (name === 'WEB_AUTHN') return parts.userAuth.respondWebAuthn(req);
    if (name === 'SELECT_CHALLENGE' || (name === 'EMAIL_OTP' && parts.userAuth.owns(req.Session, req.ClientId))) return parts.userAuth.respond(req);
    if (name === 'DEVICE_SRP_AUTH' || name === 'DEVICE_PASSWORD_VERIFIER') return parts.devices.respond(req);
    if (parts.challenges.includes(name)) return parts.mfa.respond(req);
    if (name === 'NEW_PASSWORD_REQUIRED') {
      await ctx.enforcePolicy(req.ClientId, params(req.ChallengeResponses).NEW_PASSWORD);
      // cognito-local sets the password and mints tokens; the sign-in then goes on as any other
      // (device, MFA), so those tokens are dropped and its refresh token revoked.
      const result = await upstream('RespondToAuthChallenge', req);
      const tokens = params(result.AuthenticationResult);
      const claims = decodeJwt(tokens.AccessToken);
      if (!claims?.username) return result;
      if (typeof tokens.RefreshToken === 'string') await upstream('RevokeToken', { ClientId: client.ClientId, Token: tokens.RefreshToken }).catch(() => undefined);
      const deviceKey = params(req.ChallengeResponses).DEVICE_KEY;
      return parts.signIn.continueSignIn({
        clientId: client.ClientId, poolId: client.UserPoolId, username: claims.username, clientMetadata: req.ClientMetadata, factor: 'password',
        ...(typeof deviceKey === 'string' ? { deviceKey } : {}),
      });
    }
    throw invalidParameter(`1 validation error detected: Value '${name}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP]`);
  };

  return {
    operations: {
      InitiateAuth: (req: Json) => initiate(req, false),
      AdminInitiateAuth: (req: Json) => initiate(req, true),
      RespondToAuthChallenge: (req: Json) => respond(req, false),
      AdminRespondToAuthChallenge: (req: Json) => respond(req, true),
    },
    /** Managed login's sign-in page: the same sign-in, whatever the client's ExplicitAuthFlows. */
    hosted: { InitiateAuth: (req: Json) => initiate(req, false, true) },
  };
}
