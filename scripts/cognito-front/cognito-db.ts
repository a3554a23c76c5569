/**
 * Read-only access to cognito-local 5.3's JSON database (`<dataDir>/.cognito/db/`), for what its
 * API does not tell: a user's password (kept in clear, which is what makes server-side SRP
 * possible here), status and refresh tokens, and an app client's settings. The front never
 * writes these files: every change goes through cognito-local's own API.
 */
import { join } from 'node:path';
import { readCognitoJson } from '../lib/cognito-files.ts';
import { CognitoError } from './errors.ts';
import type { PasswordPolicy } from './password-policy.ts';

export interface StoredUser {
  Username: string;
  Password?: string;
  UserStatus?: string;
  Enabled?: boolean;
  Attributes?: { Name: string; Value?: string }[];
  RefreshTokens?: string[];
  /** The last code cognito-local made for the user (sign-up, resend, forgot password). */
  ConfirmationCode?: string;
}

export interface StoredClient {
  ClientId: string;
  UserPoolId: string;
  PreventUserExistenceErrors?: string;
  ExplicitAuthFlows?: string[];
  /** Kept by the front (cognito-local drops it), merged in by `clientExtras`. */
  AuthSessionValidity?: number;
}

/** A pool's settings as cognito-local stores what CreateUserPool/UpdateUserPool were given. */
export interface PoolOptions {
  Id?: string;
  UsernameAttributes?: string[];
  AutoVerifiedAttributes?: string[];
  Policies?: { PasswordPolicy?: PasswordPolicy; SignInPolicy?: { AllowedFirstAuthFactors?: string[] } };
  MfaConfiguration?: string;
  /** Device tracking: absent means devices are not remembered. */
  DeviceConfiguration?: { ChallengeRequiredOnNewDevice?: boolean; DeviceOnlyRememberedOnUserPrompt?: boolean };
}

interface PoolFile {
  Users?: Record<string, StoredUser>;
  Options?: PoolOptions;
}

export class CognitoDb {
  /**
   * `serial`, when given, is the queue the front sends cognito-local's calls through: a read
   * waits for the call in flight, so it never meets a file being written.
   */
  constructor(
    private readonly dataDir: string,
    private readonly serial: <T>(task: () => Promise<T>) => Promise<T> = (task) => task(),
    /** Usernames cognito-local cannot hold (managed login's federated `Google_<sub>`) → its own. */
    private readonly aliases?: (poolId: string, username: string) => string | undefined,
    /** The client settings the front keeps itself (front-state.ts), merged over cognito-local's record. */
    private readonly clientExtras: (clientId: string) => Partial<StoredClient> = () => ({}),
  ) {}

  async client(clientId: unknown): Promise<StoredClient> {
    const file = await this.read<{ Clients?: Record<string, StoredClient> }>('clients');
    const client = typeof clientId === 'string' ? file?.Clients?.[clientId] : undefined;
    // AWS's text for an unknown client id.
    if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${String(clientId)} does not exist.`);
    return { ...client, ...this.clientExtras(client.ClientId) };
  }

  /** Some app client of pool `poolId` (cognito-local finds a pool only through a client id). */
  async anyClientOf(poolId: string): Promise<string | undefined> {
    const file = await this.read<{ Clients?: Record<string, StoredClient> }>('clients');
    return Object.values(file?.Clients ?? {}).find((c) => c.UserPoolId === poolId)?.ClientId;
  }

  /** The pool's settings (empty for an unknown pool). */
  async pool(poolId: string): Promise<PoolOptions> {
    return (await this.read<PoolFile>(poolId))?.Options ?? {};
  }

  /** The attributes the pool verifies with the sign-up code (`AutoVerifiedAttributes`). */
  async autoVerified(poolId: string): Promise<string[]> {
    return (await this.read<PoolFile>(poolId))?.Options?.AutoVerifiedAttributes ?? [];
  }

  async passwordPolicy(poolId: string): Promise<PasswordPolicy | undefined> {
    return (await this.read<PoolFile>(poolId))?.Options?.Policies?.PasswordPolicy;
  }

  /** The MfaConfiguration the pool was created with (cognito-local stores it and does nothing with it). */
  async mfaConfiguration(poolId: string): Promise<string | undefined> {
    return (await this.read<PoolFile>(poolId))?.Options?.MfaConfiguration;
  }

  /**
   * The user `username` names: its username, its `sub`, or its email/phone when those are
   * username attributes. Mirrors cognito-local's `getUserByUsername`
   * (node_modules/cognito-local/lib/services/userPoolService.js).
   */
  async user(poolId: string, username: unknown): Promise<StoredUser | undefined> {
    if (typeof username !== 'string' || !username) return undefined;
    const pool = await this.read<PoolFile>(poolId);
    const users = pool?.Users ?? {};
    const direct = users[username] ?? users[this.aliases?.(poolId, username) ?? ''];
    if (direct) return direct;
    const aliasAttributes = ['sub', ...(pool?.Options?.UsernameAttributes ?? [])];
    return Object.values(users).find((u) =>
      u.Attributes?.some((a) => aliasAttributes.includes(a.Name) && a.Value === username),
    );
  }

  private read<T>(name: string): Promise<T | undefined> {
    return this.serial(() => readCognitoJson<T>(join(this.dataDir, '.cognito', 'db', `${name}.json`)));
  }
}
