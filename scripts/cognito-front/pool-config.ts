/**
 * Pool and app-client settings AWS has and cognito-local stores blindly or not at all:
 * - `Policies.SignInPolicy.AllowedFirstAuthFactors` (USER_AUTH's first factors): PASSWORD must be
 *   one of them, SOFTWARE_TOKEN may not (SignInPolicyType in the API reference); DescribeUserPool
 *   shows AWS's default, `["PASSWORD"]`, for a pool that set none;
 * - `MfaConfiguration` in Create/UpdateUserPool goes to the front's MFA setting (mfa.ts), never
 *   to cognito-local, whose own MFA would answer sign-ins with an SMS challenge it cannot send;
 *   UpdateUserPool, like AWS, resets what it leaves out: no MfaConfiguration means OFF;
 * - app clients: ExplicitAuthFlows, token lifetimes, AuthSessionValidity and RefreshTokenRotation
 *   checked and completed as AWS does (client-settings.ts); the last two kept by the front.
 */
import { clientInput } from './client-settings.ts';
import { invalidParameter } from './errors.ts';
import type { RefreshTokenRotation } from './front-state.ts';
import type { FrontContext } from './handlers.ts';
import { validConfig } from './mfa-settings.ts';
import { params, type Json } from './srp-sign-in.ts';

const FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

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

/** Checks a SignInPolicy as AWS does. */
function checkSignInPolicy(policies: unknown): void {
  const policy = params(params(policies).SignInPolicy);
  if (policy.AllowedFirstAuthFactors === undefined) return;
  const factors = Array.isArray(policy.AllowedFirstAuthFactors) ? (policy.AllowedFirstAuthFactors as unknown[]) : [];
  const wrong = factors.find((f) => typeof f !== 'string' || !FACTORS.includes(f));
  if (wrong === 'SOFTWARE_TOKEN') throw invalidParameter('SOFTWARE_TOKEN is not currently supported as a first auth factor.');
  if (wrong !== undefined || factors.length === 0) {
    throw invalidParameter(`1 validation error detected: Value '[${factors.join(', ')}]' at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must satisfy enum value set: [${FACTORS.join(', ')}]`);
  }
  if (!factors.includes('PASSWORD')) throw invalidParameter('PASSWORD must be one of the AllowedFirstAuthFactors.');
}

/** DescribeUserPool's answer with AWS's default sign-in policy where the pool set none. */
export function withSignInPolicy(result: Json): Json {
  const pool = params(result.UserPool);
  const policies = params(pool.Policies);
  if (params(policies.SignInPolicy).AllowedFirstAuthFactors !== undefined) return result;
  return { ...result, UserPool: { ...pool, Policies: { ...policies, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } } } };
}

export function createPoolConfig(ctx: FrontContext, poolMfa: { current: (poolId: string) => Promise<import('./front-state.ts').PoolMfaConfig> }) {
  const { upstream, state } = ctx;

  /** The pool's MFA mode from Create/UpdateUserPool, kept where the front's MFA reads it. */
  const keepMfaMode = async (poolId: string, mode: unknown) => {
    const current = await poolMfa.current(poolId);
    const next = validConfig({ MfaConfiguration: mode ?? 'OFF' }, current.MfaConfiguration === 'OFF' && !current.SoftwareTokenMfaConfiguration ? { ...current, SoftwareTokenMfaConfiguration: { Enabled: true } } : current);
    state.setPoolMfa(poolId, next);
  };

  /** The client as DescribeUserPoolClient shows it: cognito-local's record plus what the front keeps. */
  const describe = (result: Json) => {
    const client = params(result.UserPoolClient);
    if (typeof client.ClientId !== 'string') return result;
    const rotation = state.rotation(client.ClientId);
    const settings = state.entry('clientSettings', client.ClientId);
    return {
      ...result,
      UserPoolClient: { ...client, AuthSessionValidity: settings?.AuthSessionValidity ?? 3, ...(rotation ? { RefreshTokenRotation: rotation } : {}) },
    };
  };

  /** Create/UpdateUserPoolClient: checked and completed, cognito-local gets the rest. */
  const clientCall = (op: string) => async (req: Json) => {
    const rotation = req.RefreshTokenRotation === undefined ? undefined : validRotation(req.RefreshTokenRotation);
    const { upstream: input, authSessionValidity } = clientInput(req, ctx.shortTokenLifetimes);
    const result = await upstream(op, input);
    const id = params(result.UserPoolClient).ClientId;
    if (typeof id === 'string') {
      if (rotation) state.setRotation(id, rotation);
      state.changeEntry('clientSettings', id, (s) => ({ ...s, AuthSessionValidity: authSessionValidity }));
    }
    return describe(result);
  };

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    CreateUserPool: async (req) => {
      checkSignInPolicy(req.Policies);
      const { MfaConfiguration, ...rest } = req;
      const result = await upstream('CreateUserPool', rest);
      const id = params(result.UserPool).Id;
      if (typeof id === 'string' && MfaConfiguration !== undefined && MfaConfiguration !== 'OFF') await keepMfaMode(id, MfaConfiguration);
      return withSignInPolicy(result);
    },
    UpdateUserPool: async (req) => {
      checkSignInPolicy(req.Policies);
      const { MfaConfiguration, ...rest } = req;
      const result = await upstream('UpdateUserPool', rest);
      await keepMfaMode(String(req.UserPoolId), MfaConfiguration);
      return result;
    },
    CreateUserPoolClient: clientCall('CreateUserPoolClient'),
    UpdateUserPoolClient: clientCall('UpdateUserPoolClient'),
    DescribeUserPoolClient: async (req) => describe(await upstream('DescribeUserPoolClient', req)),
  };
  return { operations };
}
