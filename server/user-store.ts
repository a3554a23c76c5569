// Users and their @handles in the shared store. A handle is claimed by at most one account:
// the unique index on `handle_key` (handle-rules.ts) decides, in one statement, so two API
// processes claiming look-alike handles at the same moment cannot both win.
import { handleKeys, handleProblem, normalizeHandle, type HandleProblem } from './handle-rules.ts';
import { HANDLE_KEY_INDEX, HANDLE_SHAPE_INDEX } from './schema.ts';
import { isUniqueViolation, type SqlDriver } from './sql-driver.ts';

export interface UserProfile {
  /** Cognito `sub`: the stable key. Handles and names can change. */
  sub: string;
  username: string;
  email: string;
  name: string;
  /** The @handle this account holds, or null when it holds none (README "Handles"). */
  handle: string | null;
}

export interface StoredUser extends UserProfile {
  /** Cognito's `preferred_username` when it was last read: the handle the user asked for. */
  requestedHandle: string | null;
}

/** What Cognito says about a user; `requestedHandle` is `preferred_username`, unchecked. */
export interface CognitoProfile {
  sub: string;
  username: string;
  email: string;
  name: string;
  requestedHandle: string;
}

export type Availability =
  | { available: true }
  | { available: false; reason: 'taken' | HandleProblem; holder?: string };

export interface UserStore {
  /** Seeds and tests: writes a user holding `handle`; a look-alike held by another account throws. */
  upsertUser(user: UserProfile & { handle: string }): Promise<void>;
  /**
   * Stores what Cognito said. When Cognito's handle is new for this user (first sight, or the user
   * changed it), the account claims it if it is valid and free; otherwise it keeps what it held
   * (nothing, for a new account). An unchanged request is not retried: see `claimHandle`.
   */
  saveProfile(profile: CognitoProfile): Promise<StoredUser>;
  /** The user's own choice (`PUT /api/me/handle`): claims `handle`, or says it is taken. */
  claimHandle(sub: string, handle: string): Promise<'claimed' | 'taken'>;
  getUser(sub: string): Promise<StoredUser | null>;
  /** The account holding `handle` or a look-alike of it. */
  userByHandle(handle: string): Promise<StoredUser | null>;
  handleAvailability(handle: string, forSub?: string): Promise<Availability>;
}

const keysOf = (handle: string): [string, string] => {
  const { key, shape } = handleKeys(handle);
  return [key, shape];
};

const USER_COLUMNS = 'sub, username, email, display_name AS name, handle, requested_handle AS "requestedHandle"';

export function createUserStore(db: SqlDriver): UserStore {
  const one = async (sql: string, params: unknown[]) => (await db.query<StoredUser>(sql, params))[0] ?? null;
  const takenKey = (err: unknown) => isUniqueViolation(err, HANDLE_KEY_INDEX) || isUniqueViolation(err, HANDLE_SHAPE_INDEX);

  async function writeWithHandle(p: CognitoProfile, handle: string): Promise<StoredUser | null> {
    try {
      return await one(
        `INSERT INTO users (sub, username, email, display_name, handle, handle_key, handle_shape, requested_handle)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (sub) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
           display_name = EXCLUDED.display_name, handle = EXCLUDED.handle, handle_key = EXCLUDED.handle_key,
           handle_shape = EXCLUDED.handle_shape, requested_handle = EXCLUDED.requested_handle, updated_at = now()
         RETURNING ${USER_COLUMNS}`,
        [p.sub, p.username, p.email, p.name, handle, ...keysOf(handle), p.requestedHandle],
      );
    } catch (err) {
      if (takenKey(err)) return null;
      throw err;
    }
  }

  async function writeKeepingHandle(p: CognitoProfile): Promise<StoredUser> {
    const row = await one(
      `INSERT INTO users (sub, username, email, display_name, requested_handle) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sub) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
         display_name = EXCLUDED.display_name, requested_handle = EXCLUDED.requested_handle, updated_at = now()
       RETURNING ${USER_COLUMNS}`,
      [p.sub, p.username, p.email, p.name, p.requestedHandle],
    );
    if (!row) throw new Error('upsert returned no row');
    return row;
  }

  const store: UserStore = {
    async upsertUser(user) {
      const handle = normalizeHandle(user.handle);
      const saved = await writeWithHandle({ ...user, requestedHandle: handle }, handle);
      if (!saved) throw new Error(`handle @${handle} is held by another account`);
    },
    async saveProfile(profile) {
      const requested = normalizeHandle(profile.requestedHandle);
      const p = { ...profile, requestedHandle: requested };
      const current = await store.getUser(p.sub);
      const isNewRequest = current === null || current.requestedHandle !== requested;
      if (isNewRequest && handleProblem(requested) === null) {
        const claimed = await writeWithHandle(p, requested);
        if (claimed) return claimed;
      }
      return writeKeepingHandle(p);
    },
    async claimHandle(sub, handle) {
      const wanted = normalizeHandle(handle);
      try {
        const row = await one(
          `UPDATE users SET handle = $2, handle_key = $3, handle_shape = $4, updated_at = now() WHERE sub = $1 RETURNING ${USER_COLUMNS}`,
          [sub, wanted, ...keysOf(wanted)],
        );
        if (!row) throw new Error('claimHandle: unknown user');
        return 'claimed';
      } catch (err) {
        if (takenKey(err)) return 'taken';
        throw err;
      }
    },
    getUser: (sub) => one(`SELECT ${USER_COLUMNS} FROM users WHERE sub = $1`, [sub]),
    async userByHandle(handle) {
      const wanted = normalizeHandle(handle);
      // An invalid handle names nobody, and is never sent to the database (a NUL would fail there).
      if (handleProblem(wanted) !== null) return null;
      // A look-alike by case and one by shape may be two accounts: the case-insensitive match wins.
      return one(
        `SELECT ${USER_COLUMNS} FROM users WHERE handle_key = $1 OR handle_shape = $2 ORDER BY (handle_key = $1) DESC LIMIT 1`,
        keysOf(wanted),
      );
    },
    async handleAvailability(handle, forSub) {
      const wanted = normalizeHandle(handle);
      const problem = handleProblem(wanted);
      if (problem) return { available: false, reason: problem };
      const holder = await store.userByHandle(wanted);
      if (!holder || holder.sub === forSub) return { available: true };
      return { available: false, reason: 'taken', holder: holder.handle ?? undefined };
    },
  };
  return store;
}
