/**
 * MFA as AWS Cognito does it, which cognito-local 5.3 lacks entirely: the pool's setting
 * (SetUserPoolMfaConfig), authenticator apps (AssociateSoftwareToken, VerifySoftwareToken,
 * SetUserMFAPreference, GetUser's MFA fields), and the sign-in challenges SOFTWARE_TOKEN_MFA,
 * EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP.
 *
 * Sign-in: once the first factor (and a remembered device, if any) is through, `challengeFor`
 * says which challenge the user owes, if any, and answers it with a Session; once the challenge
 * is passed, the sign-in carries on to its tokens (`complete`, sign-in.ts), so every token still
 * comes from one place.
 *
 * Sessions live in this process's memory, like the SRP ones: a sign-in is answered by the front
 * that started it. Settings live in the front's state file, so fronts and restarts agree.
 *
 * Not done here: SMS (nowhere to send one), and email as a kind to set up during MFA_SETUP (a
 * required pool offers authenticator setup; with email codes as its only kind, every user, whose
 * username is an email, gets EMAIL_OTP).
 *
 * A pool whose MFA is OFF (or that leaves authenticator apps out) refuses to set one up, as AWS
 * does: AssociateSoftwareToken and VerifySoftwareToken answer SoftwareTokenMFANotFoundException,
 * "thrown when the software token TOTP MFA isn't activated for the user pool" (API reference of
 * both operations). An OFF pool cannot have it activated: SetUserPoolMfaConfig refuses OFF with
 * any MFA kind configured, and "OFF: MFA won't be used for any users" (its MfaConfiguration).
 * Without this, a user could finish a setup that sign-in then never asks for.
 */
import { randomBytes as nodeRandomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CognitoDb, StoredClient, StoredUser } from './cognito-db.ts';
import { maskEmail, type Deliveries } from './deliveries.ts';
import { CognitoError, invalidParameter } from './errors.ts';
import type { FrontState, PoolMfaConfig } from './front-state.ts';
import {
  expired,
  mfaFields,
  notSetUp,
  poolKinds,
  reused,
  userKinds,
  validConfig,
  verifyMismatch,
  withPreference,
  wrongEmailCode,
  wrongTotp,
  type CodeKind,
} from './mfa-settings.ts';
import { params, type Json, type Upstream } from './srp-sign-in.ts';
import type { SignInContext } from './sign-in.ts';
import type { Claims } from './tokens.ts';
import { base32Encode, matchingStep } from './totp.ts';

type ChallengeName = CodeKind | 'SELECT_MFA_TYPE' | 'MFA_SETUP';
export const MFA_CHALLENGES: readonly string[] = ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP'];

interface MfaSession {
  challenge: ChallengeName;
  /** The sign-in this challenge belongs to. */
  signIn: SignInContext;
  clientId: string;
  poolId: string;
  username: string;
  expiresAt: number;
  clientMetadata: unknown;
  /** SELECT_MFA_TYPE: the kinds offered. */
  options?: CodeKind[];
  /** EMAIL_OTP: the code sent. */
  code?: string;
  /** MFA_SETUP: the secret AssociateSoftwareToken handed out, and whether it was verified. */
  secret?: string;
  verified?: boolean;
}

export interface MfaOptions {
  db: CognitoDb;
  upstream: Upstream;
  state: FrontState;
  deliveries: Deliveries;
  /** The front's access-token check (AWS's messages, revocation). */
  checkAccess: (token: unknown) => Claims;
  /** Carries a sign-in on once its MFA is passed: its tokens (sign-in.ts). */
  complete: (signIn: SignInContext) => Promise<Json>;
  now?: () => number;
  randomBytes?: (n: number) => Buffer;
}

/** AWS's default `AuthSessionValidity` (minutes) when the app client sets none. */
const DEFAULT_SESSION_MINUTES = 3;
const OFF: PoolMfaConfig = { MfaConfiguration: 'OFF' };

/** AWS names the exception in its API reference but not its text; this says what it means. */
const totpNotActivated = () => new CognitoError('SoftwareTokenMFANotFoundException', 'Software token MFA is not enabled for this user pool.');
const totpActivated = (config: PoolMfaConfig) => config.MfaConfiguration !== 'OFF' && poolKinds(config).includes('SOFTWARE_TOKEN_MFA');
const emailOf = (user: StoredUser) => user.Attributes?.find((a) => a.Name === 'email')?.Value ?? '';
const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createMfa(o: MfaOptions) {
  const { db, upstream, state, deliveries, checkAccess } = o;
  const now = () => (o.now ?? Date.now)();
  const random = (n: number) => (o.randomBytes ?? nodeRandomBytes)(n);
  /** Keyed by the Session string handed out; each answer that moves on hands out a new one. */
  const sessions = new Map<string, MfaSession>();

  /** The pool's setting: the front's, else what the pool was created with (cognito-local keeps that). */
  const poolConfig = async (poolId: string): Promise<PoolMfaConfig> => {
    const stored = state.poolMfa(poolId);
    if (stored) return stored;
    const mode = await db.mfaConfiguration(poolId);
    return mode === 'ON' || mode === 'OPTIONAL' ? { MfaConfiguration: mode, SoftwareTokenMfaConfiguration: { Enabled: true } } : OFF;
  };

  const open = (session: Omit<MfaSession, 'expiresAt'>, client: StoredClient): string => {
    const id = random(96).toString('base64');
    const at = now();
    for (const [key, s] of sessions) if (s.expiresAt <= at) sessions.delete(key);
    sessions.set(id, { ...session, expiresAt: at + (client.AuthSessionValidity ?? DEFAULT_SESSION_MINUTES) * 60_000 });
    return id;
  };

  /** The live session `id` names for `clientId`, or AWS's expired-session error. */
  const find = (id: unknown, clientId?: unknown): MfaSession => {
    const s = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!s || s.expiresAt <= now() || (clientId !== undefined && s.clientId !== clientId)) throw expired();
    return s;
  };

  /** The challenge answer for `kind`, sending the email code first when that is the kind. */
  const challenge = async (kind: ChallengeName, base: Omit<MfaSession, 'expiresAt' | 'challenge'>, client: StoredClient, user: StoredUser): Promise<Json> => {
    const parameters: Record<string, string> = { USER_ID_FOR_SRP: user.Username };
    const session: Omit<MfaSession, 'expiresAt'> = { ...base, challenge: kind };
    if (kind === 'EMAIL_OTP') {
      const email = emailOf(user);
      session.code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      deliveries.send({ purpose: 'email-otp', username: user.Username, email, code: session.code });
      parameters.CODE_DELIVERY_DELIVERY_MEDIUM = 'EMAIL';
      parameters.CODE_DELIVERY_DESTINATION = maskEmail(email);
    }
    if (kind === 'SELECT_MFA_TYPE') parameters.MFAS_CAN_CHOOSE = JSON.stringify(base.options ?? []);
    if (kind === 'MFA_SETUP') parameters.MFAS_CAN_SETUP = JSON.stringify(['SOFTWARE_TOKEN_MFA']);
    return { ChallengeName: kind, Session: open(session, client), ChallengeParameters: parameters };
  };

  /** The user and pool an access token names (for the calls a signed-in user makes). */
  const tokenUser = async (token: unknown) => {
    const claims = checkAccess(token);
    const client = await db.client(claims.client_id);
    const user = await db.user(client.UserPoolId, claims.username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return { poolId: client.UserPoolId, user };
  };

  /** The challenge `signIn` owes (SELECT_MFA_TYPE, a code, MFA_SETUP), or undefined when none. */
  const challengeFor = async (signIn: SignInContext): Promise<Json | undefined> => {
    const client = await db.client(signIn.clientId);
    const config = await poolConfig(client.UserPoolId);
    if (config.MfaConfiguration === 'OFF') return undefined;
    const user = await db.user(client.UserPoolId, signIn.username);
    if (!user) return undefined;
    const m = state.userMfa(client.UserPoolId, user.Username);
    const kinds = userKinds(config, m);
    let kind: ChallengeName | undefined;
    if (kinds.length === 1) kind = kinds[0];
    else if (kinds.length > 1) kind = m.preferred && kinds.includes(m.preferred) ? m.preferred : 'SELECT_MFA_TYPE';
    else if (config.MfaConfiguration === 'ON') kind = poolKinds(config).includes('SOFTWARE_TOKEN_MFA') ? 'MFA_SETUP' : 'EMAIL_OTP';
    if (!kind) return undefined;
    const base = { signIn, clientId: client.ClientId, poolId: client.UserPoolId, username: user.Username, clientMetadata: signIn.clientMetadata, options: kinds };
    return challenge(kind, base, client, user);
  };

  /** RespondToAuthChallenge for the MFA challenges. */
  const respond = async (req: Json): Promise<Json> => {
    const s = find(req.Session, req.ClientId);
    if (s.challenge !== req.ChallengeName) throw expired();
    const r = params(req.ChallengeResponses);
    const client = await db.client(s.clientId);
    const user = await db.user(s.poolId, s.username);
    if (!user) throw expired();
    const done = async () => {
      sessions.delete(String(req.Session));
      // Amplify names its device in MFA answers too (DEVICE_KEY): the tokens then need no new one.
      return o.complete(typeof r.DEVICE_KEY === 'string' ? { ...s.signIn, deviceKey: r.DEVICE_KEY } : s.signIn);
    };
    switch (s.challenge) {
      case 'SOFTWARE_TOKEN_MFA': {
        const secret = state.userMfa(s.poolId, s.username).totpSecret;
        checkTotp(s.poolId, s.username, secret, String(r.SOFTWARE_TOKEN_MFA_CODE ?? ''), wrongTotp);
        return done();
      }
      case 'EMAIL_OTP':
        if (!s.code || !sameCode(String(r.EMAIL_OTP_CODE ?? ''), s.code)) throw wrongEmailCode();
        return done();
      case 'SELECT_MFA_TYPE': {
        const answer = r.ANSWER;
        if (typeof answer !== 'string' || !(s.options ?? []).includes(answer as CodeKind)) {
          throw invalidParameter('Invalid value for ANSWER.');
        }
        sessions.delete(String(req.Session));
        return challenge(answer as CodeKind, s, client, user);
      }
      case 'MFA_SETUP': {
        if (!s.verified || !s.secret) throw notSetUp();
        const secret = s.secret;
        // AWS: a software token verified during MFA_SETUP becomes the user's MFA, preferred.
        state.updateUserMfa(s.poolId, s.username, (m) => ({ ...m, totpSecret: secret, totpEnabled: true, preferred: 'SOFTWARE_TOKEN_MFA' }));
        return done();
      }
    }
  };

  /**
   * Checks an authenticator code against `secret` (AWS's ±1 step) and that it was not used
   * before; remembers its step. `wrong` is the error a wrong code gets in the calling operation.
   */
  const checkTotp = (poolId: string, username: string, secret: string | undefined, code: string, wrong: () => CognitoError) => {
    if (!secret) throw notSetUp();
    const step = matchingStep(secret, code, now());
    if (step === undefined) throw wrong();
    const last = state.userMfa(poolId, username).lastTotpStep;
    if (last !== undefined && step <= last) throw reused();
    state.updateUserMfa(poolId, username, (m) => ({ ...m, lastTotpStep: step }));
  };

  const newSecret = () => base32Encode(random(20));

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    SetUserPoolMfaConfig: async (req) => {
      if (typeof req.UserPoolId !== 'string') throw invalidParameter("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
      await upstream('DescribeUserPool', { UserPoolId: req.UserPoolId }); // ResourceNotFoundException for an unknown pool
      const current = await poolConfig(req.UserPoolId);
      const next = validConfig(req, current);
      state.setPoolMfa(req.UserPoolId, next);
      return { ...next };
    },

    GetUserPoolMfaConfig: async (req) => {
      if (typeof req.UserPoolId !== 'string') throw invalidParameter("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
      await upstream('DescribeUserPool', { UserPoolId: req.UserPoolId });
      return { ...(await poolConfig(req.UserPoolId)) };
    },

    DescribeUserPool: async (req) => {
      const result = await upstream('DescribeUserPool', req);
      const pool = params(result.UserPool);
      if (typeof pool.Id !== 'string') return result;
      return { ...result, UserPool: { ...pool, MfaConfiguration: (await poolConfig(pool.Id)).MfaConfiguration } };
    },

    /** With an AccessToken (a signed-in user adds an app) or a Session (MFA_SETUP at sign-in). */
    AssociateSoftwareToken: async (req) => {
      if (req.AccessToken !== undefined) {
        const { poolId, user } = await tokenUser(req.AccessToken);
        if (!totpActivated(await poolConfig(poolId))) throw totpNotActivated();
        const secret = newSecret();
        state.updateUserMfa(poolId, user.Username, (m) => ({ ...m, pendingSecret: secret }));
        return { SecretCode: secret };
      }
      if (req.Session === undefined) throw invalidParameter('Either AccessToken or Session must be provided.');
      const s = find(req.Session);
      if (s.challenge !== 'MFA_SETUP') throw expired();
      sessions.delete(String(req.Session));
      const secret = newSecret();
      const client = await db.client(s.clientId);
      return { SecretCode: secret, Session: open({ ...s, secret, verified: false }, client) };
    },

    VerifySoftwareToken: async (req) => {
      const code = String(req.UserCode ?? '');
      if (!/^[0-9]{6}$/.test(code)) {
        throw invalidParameter("1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+");
      }
      if (req.AccessToken !== undefined) {
        const { poolId, user } = await tokenUser(req.AccessToken);
        if (!totpActivated(await poolConfig(poolId))) throw totpNotActivated();
        const pending = state.userMfa(poolId, user.Username).pendingSecret;
        checkTotp(poolId, user.Username, pending, code, verifyMismatch);
        state.updateUserMfa(poolId, user.Username, ({ pendingSecret: _p, ...m }) => ({ ...m, totpSecret: pending }));
        return { Status: 'SUCCESS' };
      }
      if (req.Session === undefined) throw invalidParameter('Either AccessToken or Session must be provided.');
      const s = find(req.Session);
      if (s.challenge !== 'MFA_SETUP' || !s.secret) throw expired();
      checkTotp(s.poolId, s.username, s.secret, code, verifyMismatch);
      sessions.delete(String(req.Session));
      const client = await db.client(s.clientId);
      return { Status: 'SUCCESS', Session: open({ ...s, verified: true }, client) };
    },

    SetUserMFAPreference: async (req) => {
      const { poolId, user } = await tokenUser(req.AccessToken);
      const config = await poolConfig(poolId);
      const totp = req.SoftwareTokenMfaSettings === undefined ? undefined : params(req.SoftwareTokenMfaSettings);
      const email = req.EmailMfaSettings === undefined ? undefined : params(req.EmailMfaSettings);
      const next = withPreference(config, state.userMfa(poolId, user.Username), totp, email);
      state.updateUserMfa(poolId, user.Username, () => next);
      return {};
    },

    GetUser: async (req) => {
      const { poolId, user } = await tokenUser(req.AccessToken);
      const result = await upstream('GetUser', req);
      return { ...result, ...mfaFields(state.userMfa(poolId, user.Username)) };
    },

    AdminGetUser: async (req) => {
      const result = await upstream('AdminGetUser', req);
      const username = result.Username;
      if (typeof req.UserPoolId !== 'string' || typeof username !== 'string') return result;
      return { ...result, ...mfaFields(state.userMfa(req.UserPoolId, username)) };
    },
  };

  return { operations, challengeFor, respond, poolConfig };
}
