/**
 * `InitiateAuth` USER_SRP_AUTH (and USER_AUTH's PASSWORD_SRP) and `RespondToAuthChallenge`
 * PASSWORD_VERIFIER, which cognito-local 5.3 answers with 500 `CognitoLocal#Unsupported`. The
 * front runs the server half of SRP against the password cognito-local keeps; what a proof (or
 * its failure) leads to, lockout included, is the sign-in's business (sign-in.ts).
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { CognitoDb, StoredUser } from './cognito-db.ts';
import { CognitoError, invalidParameter } from './errors.ts';
import { startPasswordVerifier, type PasswordVerifier } from './srp.ts';

export type Json = Record<string, unknown>;
/** Calls an operation on cognito-local; rejects with its error as a CognitoError. */
export type Upstream = (operation: string, body: Json) => Promise<Json>;

interface SrpSession {
  clientId: string;
  user: StoredUser | undefined;
  userIdForSrp: string;
  verifier: PasswordVerifier;
  expiresAt: number;
  /** InitiateAuth's DEVICE_KEY and ClientMetadata, for the rest of the sign-in. */
  deviceKey?: string;
  clientMetadata: unknown;
}

/** A PASSWORD_VERIFIER answer, checked: whose, and whether it proved the password. */
export interface SrpProof {
  clientId: string;
  /** Undefined for a user that does not exist (PreventUserExistenceErrors). */
  user: StoredUser | undefined;
  proven: boolean;
  /** PASSWORD_VERIFIER's DEVICE_KEY, else InitiateAuth's. */
  deviceKey?: string;
  clientMetadata: unknown;
}

/** AWS's default `AuthSessionValidity` (minutes) when the app client sets none. */
const DEFAULT_SESSION_MINUTES = 3;

/** A request field as an object (`{}` for anything else). */
export const params = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export class SrpSignIn {
  /** Keyed by the SECRET_BLOCK handed out, which the client echoes as PASSWORD_CLAIM_SECRET_BLOCK. */
  private readonly sessions = new Map<string, SrpSession>();

  constructor(
    private readonly o: {
      db: CognitoDb;
      upstream: Upstream;
      now?: () => number;
      randomBytes?: (n: number) => Buffer;
    },
  ) {}

  private now = () => (this.o.now ?? Date.now)();
  private random = (n: number) => (this.o.randomBytes ?? nodeRandomBytes)(n);

  async initiate(req: Json): Promise<Json> {
    const client = await this.o.db.client(req.ClientId);
    const { USERNAME, SRP_A } = params(req.AuthParameters);
    if (typeof USERNAME !== 'string' || !USERNAME) throw invalidParameter('Missing required parameter USERNAME');
    if (typeof SRP_A !== 'string' || !/^[0-9a-f]+$/i.test(SRP_A)) throw invalidParameter('Missing required parameter SRP_A');
    const user = await this.o.db.user(client.UserPoolId, USERNAME);
    if (!user && client.PreventUserExistenceErrors !== 'ENABLED') {
      throw new CognitoError('UserNotFoundException', 'User does not exist.');
    }
    // An unknown user gets a challenge that looks like any other (a verifier over a random
    // password), and fails at the next step, as AWS does with PreventUserExistenceErrors.
    const password = user?.Password ?? this.random(32).toString('hex');
    const userIdForSrp = user?.Username ?? USERNAME;
    let verifier: PasswordVerifier;
    try {
      verifier = startPasswordVerifier({
        poolName: poolNameOf(client.UserPoolId),
        userIdForSrp,
        password,
        srpA: SRP_A,
        randomBytes: this.o.randomBytes,
      });
    } catch {
      throw invalidParameter('SRP_A is invalid');
    }
    const secretBlock = this.random(64).toString('base64');
    this.prune();
    const minutes = client.AuthSessionValidity ?? DEFAULT_SESSION_MINUTES;
    const deviceKey = params(req.AuthParameters).DEVICE_KEY;
    this.sessions.set(secretBlock, {
      clientId: client.ClientId,
      user,
      userIdForSrp,
      verifier,
      expiresAt: this.now() + minutes * 60_000,
      clientMetadata: req.ClientMetadata,
      ...(typeof deviceKey === 'string' ? { deviceKey } : {}),
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: verifier.salt,
        SRP_B: verifier.srpB,
        SECRET_BLOCK: secretBlock,
        USER_ID_FOR_SRP: userIdForSrp,
        USERNAME: userIdForSrp,
      },
    };
  }

  /** Checks a PASSWORD_VERIFIER answer; an expired or unknown session is AWS's error. */
  respond(req: Json): SrpProof {
    const r = params(req.ChallengeResponses);
    const secretBlock = typeof r.PASSWORD_CLAIM_SECRET_BLOCK === 'string' ? r.PASSWORD_CLAIM_SECRET_BLOCK : '';
    const session = this.sessions.get(secretBlock);
    this.sessions.delete(secretBlock); // one answer per challenge: no replays, no guessing on one B
    if (!session || session.expiresAt <= this.now() || session.clientId !== req.ClientId) {
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    const proven =
      session.user !== undefined &&
      r.USERNAME === session.userIdForSrp &&
      session.verifier.check({
        signature: String(r.PASSWORD_CLAIM_SIGNATURE ?? ''),
        secretBlock,
        timestamp: String(r.TIMESTAMP ?? ''),
      });
    const deviceKey = typeof r.DEVICE_KEY === 'string' ? r.DEVICE_KEY : session.deviceKey;
    return { clientId: session.clientId, user: session.user, proven, clientMetadata: req.ClientMetadata ?? session.clientMetadata, ...(deviceKey ? { deviceKey } : {}) };
  }

  private prune(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}

/** The pool "name" SRP hashes: what follows '_' in the pool id, as CognitoUserPool.js:74 computes it. */
export const poolNameOf = (userPoolId: string): string => userPoolId.split('_')[1] ?? '';
