/**
 * Choice-based sign-in, `USER_AUTH`, as AWS's developer guide describes it ("Manage authentication
 * methods in AWS SDKs", https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html):
 * - the pool's `Policies.SignInPolicy.AllowedFirstAuthFactors` (PASSWORD always, then EMAIL_OTP,
 *   SMS_OTP, WEB_AUTHN) and the client's ALLOW_USER_AUTH say what a user may start with;
 * - `PREFERRED_CHALLENGE` that the user can answer is answered at once: PASSWORD (with
 *   AuthParameters.PASSWORD) signs in, PASSWORD_SRP (with SRP_A) answers PASSWORD_VERIFIER,
 *   EMAIL_OTP sends a code and answers EMAIL_OTP; otherwise `SELECT_CHALLENGE` lists the
 *   `AvailableChallenges` and RespondToAuthChallenge's ANSWER picks one;
 * - the `Session` a successful ConfirmSignUp returns signs the new user in directly;
 * - WEB_AUTHN is offered to a user with a passkey, through `webAuthn` (managed login's
 *   passkeys); without it, no user has one.
 * SMS_OTP has nowhere to send a text, so it is never available locally.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { CognitoDb, StoredClient, StoredUser } from './cognito-db.ts';
import { ChallengeSessions, sessionExpired } from './challenge-sessions.ts';
import { maskEmail, type Deliveries } from './deliveries.ts';
import { CognitoError, invalidParameter } from './errors.ts';
import type { FrontState } from './front-state.ts';
import type { SignInContext } from './sign-in.ts';
import { params, type Json, type SrpSignIn } from './srp-sign-in.ts';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'WEB_AUTHN';

/**
 * How a passkey first factor plugs in: managed login's WebAuthn (managed-login/passkey-routes.ts),
 * which keeps its own challenge sessions and mints the tokens. Absent, nobody has a passkey.
 */
export interface WebAuthnFirstFactor {
  /** Whether the user has a passkey registered. */
  has(poolId: string, username: string): boolean;
  /** The WEB_AUTHN challenge (Session, CREDENTIAL_REQUEST_OPTIONS) for the user. */
  start(s: { clientId: string; poolId: string; username: string }): Promise<Json>;
  /** RespondToAuthChallenge WEB_AUTHN: the tokens once the assertion verifies, else AWS's error. */
  answer(req: Json): Promise<Json>;
}

interface UserAuthSession {
  clientId: string;
  poolId: string;
  /** Undefined: nobody by that name (PreventUserExistenceErrors): every answer then fails. */
  user: StoredUser | undefined;
  available: FirstFactor[];
  clientMetadata: unknown;
  deviceKey?: string;
  /** EMAIL_OTP: the code sent. */
  challenge?: 'EMAIL_OTP';
  code?: string;
}

/** A ConfirmSignUp's Session: the user may sign in with it once (USER_AUTH). */
interface SignUpSession {
  clientId: string;
  poolId: string;
  username: string;
}

export interface UserAuthOptions {
  db: CognitoDb;
  state: FrontState;
  srp: SrpSignIn;
  deliveries: Deliveries;
  now: () => number;
  /** A PASSWORD answer: lockout and account checks, then the rest of the sign-in (sign-in.ts). */
  password: (client: StoredClient, user: StoredUser | undefined, password: unknown, rest: { clientMetadata: unknown; deviceKey?: string }) => Promise<Json>;
  /** The rest of a sign-in whose first factor was a code (no MFA). */
  continueSignIn: (signIn: SignInContext) => Promise<Json>;
  webAuthn?: WebAuthnFirstFactor;
}

/** AWS's passwordless sign-in codes are 8 digits (its MFA codes 6). */
const OTP_DIGITS = 8;
const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The pool's first factors (AWS's default is PASSWORD alone). */
export const allowedFirstFactors = (policy: { AllowedFirstAuthFactors?: string[] } | undefined): string[] =>
  policy?.AllowedFirstAuthFactors?.length ? policy.AllowedFirstAuthFactors : ['PASSWORD'];

export function createUserAuth(o: UserAuthOptions) {
  const { db, state, deliveries } = o;
  const sessions = new ChallengeSessions<UserAuthSession>(o.now);
  const signUps = new ChallengeSessions<SignUpSession>(o.now);
  const emailOf = (user: StoredUser) => user.Attributes?.find((a) => a.Name === 'email')?.Value;

  /** What `user` may start with in this pool. */
  const available = async (poolId: string, user: StoredUser | undefined): Promise<FirstFactor[]> => {
    const allowed = allowedFirstFactors((await db.pool(poolId)).Policies?.SignInPolicy);
    const passwordless = user ? state.entry('accounts', `${poolId}/${user.Username}`)?.passwordless === true : false;
    const out: FirstFactor[] = [];
    if (allowed.includes('PASSWORD') && !passwordless) out.push('PASSWORD', 'PASSWORD_SRP');
    if (allowed.includes('EMAIL_OTP') && (!user || emailOf(user))) out.push('EMAIL_OTP');
    if (allowed.includes('WEB_AUTHN') && user && o.webAuthn?.has(poolId, user.Username)) out.push('WEB_AUTHN');
    return out;
  };

  /** The first factor `choice` started for session data `s` (PREFERRED_CHALLENGE, or SELECT_CHALLENGE's ANSWER). */
  const start = async (choice: FirstFactor, s: UserAuthSession, given: Json, client: StoredClient): Promise<Json> => {
    const rest = { clientMetadata: s.clientMetadata, ...(s.deviceKey ? { deviceKey: s.deviceKey } : {}) };
    switch (choice) {
      case 'PASSWORD':
        if (typeof given.PASSWORD !== 'string') throw invalidParameter('Missing required parameter PASSWORD');
        return o.password(client, s.user, given.PASSWORD, rest);
      case 'PASSWORD_SRP':
        return o.srp.initiate({
          ClientId: client.ClientId,
          ClientMetadata: s.clientMetadata,
          AuthParameters: { USERNAME: s.user?.Username ?? given.USERNAME, SRP_A: given.SRP_A, ...(s.deviceKey ? { DEVICE_KEY: s.deviceKey } : {}) },
        });
      case 'EMAIL_OTP': {
        const email = s.user ? emailOf(s.user) : undefined;
        const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
        // An unknown user is answered as if a code were sent, as AWS does without revealing who exists.
        if (s.user && email) deliveries.send({ purpose: 'email-otp', username: s.user.Username, email, code });
        const Session = sessions.open({ ...s, challenge: 'EMAIL_OTP', code }, client);
        const destination = maskEmail(email ?? String(given.USERNAME ?? ''));
        return { ChallengeName: 'EMAIL_OTP', Session, ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: destination } };
      }
      case 'WEB_AUTHN':
        if (!o.webAuthn || !s.user) throw invalidParameter('WEB_AUTHN is not available for this user.');
        return o.webAuthn.start({ clientId: client.ClientId, poolId: s.poolId, username: s.user.Username });
    }
  };

  /** InitiateAuth (or AdminInitiateAuth) USER_AUTH; the client's flows were checked by the caller. */
  const initiate = async (client: StoredClient, req: Json): Promise<Json> => {
    const a = params(req.AuthParameters);
    if (req.Session !== undefined) {
      const s = signUps.find(req.Session, client.ClientId);
      const user = await db.user(s.poolId, a.USERNAME);
      if (!user || user.Username !== s.username) throw sessionExpired();
      signUps.close(req.Session);
      const deviceKey = typeof a.DEVICE_KEY === 'string' ? { deviceKey: a.DEVICE_KEY } : {};
      return o.continueSignIn({ clientId: client.ClientId, poolId: s.poolId, username: user.Username, clientMetadata: req.ClientMetadata, factor: 'code', ...deviceKey });
    }
    if (typeof a.USERNAME !== 'string' || !a.USERNAME) throw invalidParameter('Missing required parameter USERNAME');
    const user = await db.user(client.UserPoolId, a.USERNAME);
    if (!user && client.PreventUserExistenceErrors !== 'ENABLED') throw new CognitoError('UserNotFoundException', 'User does not exist.');
    const s: UserAuthSession = {
      clientId: client.ClientId,
      poolId: client.UserPoolId,
      user,
      available: await available(client.UserPoolId, user),
      clientMetadata: req.ClientMetadata,
      ...(typeof a.DEVICE_KEY === 'string' ? { deviceKey: a.DEVICE_KEY } : {}),
    };
    const preferred = a.PREFERRED_CHALLENGE as FirstFactor | undefined;
    if (preferred && s.available.includes(preferred)) return start(preferred, s, a, client);
    const Session = sessions.open(s, client);
    return { ChallengeName: 'SELECT_CHALLENGE', Session, ChallengeParameters: {}, AvailableChallenges: s.available };
  };

  /** Whether `session` is one of USER_AUTH's (so its EMAIL_OTP is a first factor, not MFA). */
  const owns = (session: unknown, clientId: unknown) => sessions.peek(session, clientId) !== undefined;

  /** RespondToAuthChallenge SELECT_CHALLENGE, and EMAIL_OTP as a first factor (WEB_AUTHN is the hook's). */
  const respond = async (req: Json): Promise<Json> => {
    const s = sessions.find(req.Session, req.ClientId);
    const r = params(req.ChallengeResponses);
    const client = await db.client(s.clientId);
    if (req.ChallengeName === 'SELECT_CHALLENGE' && !s.challenge) {
      const answer = r.ANSWER as FirstFactor;
      if (!s.available.includes(answer)) throw invalidParameter(`The challenge ${String(r.ANSWER)} is not available for this user.`);
      sessions.close(req.Session);
      return start(answer, s, r, client);
    }
    if (req.ChallengeName !== s.challenge) throw sessionExpired();
    const signIn = (user: StoredUser): SignInContext => ({
      clientId: s.clientId, poolId: s.poolId, username: user.Username, clientMetadata: req.ClientMetadata ?? s.clientMetadata, factor: 'code',
      ...(s.deviceKey || typeof r.DEVICE_KEY === 'string' ? { deviceKey: String(r.DEVICE_KEY ?? s.deviceKey) } : {}),
    });
    // A wrong code keeps the session for another try, as for MFA codes.
    if (!s.user || !s.code || !sameCode(String(r.EMAIL_OTP_CODE ?? ''), s.code)) throw new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
    sessions.close(req.Session);
    return o.continueSignIn(signIn(s.user));
  };

  /** RespondToAuthChallenge WEB_AUTHN, answered by the hook that started it. */
  const respondWebAuthn = (req: Json): Promise<Json> => {
    if (!o.webAuthn) throw sessionExpired();
    return o.webAuthn.answer(req);
  };

  /** The Session a successful ConfirmSignUp returns (AWS: "pass the Session ... to InitiateAuth"). */
  const signUpSession = async (client: StoredClient, username: string): Promise<string> =>
    signUps.open({ clientId: client.ClientId, poolId: client.UserPoolId, username }, client);

  return { initiate, respond, respondWebAuthn, owns, signUpSession, available };
}
