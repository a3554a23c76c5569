import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_PASSWORD_POLICY } from '../cognito-front/password-policy.ts';
import type { LocalCredentials } from '../cognito-front/sigv4.ts';

export const POOL_NAME = 'cruddur';
export const CLIENT_NAME = 'cruddur-companion';
export const SHORT_LIVED_CLIENT_NAME = 'cruddur-companion-short-lived';

export interface DemoUser {
  email: string;
  password: string;
  name: string;
  handle: string;
}

/** The demo user `npm start` prints. Its password is public: never create it in a real account. */
export const DEMO_USER: DemoUser = {
  email: 'demo@cruddur.local',
  password: 'Cruddur!2026',
  name: 'Demo User',
  handle: 'demo',
};

export interface BootstrapOptions {
  region?: string;
  /** Cognito endpoint, e.g. the local front's URL. Default: AWS's regional endpoint. */
  endpoint?: string;
  /** The endpoint's IAM credentials (the local stack's pair). Default: see cognitoClient. */
  credentials?: LocalCredentials;
  /**
   * Also create a client whose access/ID tokens live 60 s. Local only: AWS's minimum is 5 min,
   * and the front accepts it only with its development option (`allowShortTokenLifetimes`).
   */
  shortLived?: boolean;
  /** Create (or reset the password of) this confirmed user. Default: none. */
  demoUser?: DemoUser;
  /** Ids remembered from an earlier run; used when they still exist, else found by name. */
  reuse?: { userPoolId?: string; clientId?: string; shortLivedClientId?: string };
  /** Inject a client (tests); default one built from `region` and `endpoint`. */
  client?: CognitoIdentityProviderClient;
}

export interface BootstrapResult {
  region: string;
  userPoolId: string;
  clientId: string;
  shortLivedClientId?: string;
  demoUser?: DemoUser;
}

/**
 * An SDK client. With an `endpoint` (the local front) it signs with that endpoint's own
 * `credentials` (the local stack's pair: the front refuses unsigned administrative calls, as AWS
 * does), or fixed dummies for public calls only, so a developer's real AWS profile is never read
 * or sent anywhere but AWS; without an endpoint, the standard AWS credential chain applies.
 */
export function cognitoClient(o: { region?: string; endpoint?: string; credentials?: LocalCredentials } = {}): CognitoIdentityProviderClient {
  const region = o.region ?? 'us-east-1';
  return o.endpoint
    ? new CognitoIdentityProviderClient({
        region,
        endpoint: o.endpoint,
        credentials: o.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new CognitoIdentityProviderClient({ region });
}

/** Creates what is missing of the pool, the app client(s) and the demo user; reuses the rest. */
export async function bootstrap(o: BootstrapOptions = {}): Promise<BootstrapResult> {
  const region = o.region ?? 'us-east-1';
  const client = o.client ?? cognitoClient({ region, endpoint: o.endpoint, credentials: o.credentials });
  const userPoolId = await findOrCreatePool(client, o.reuse?.userPoolId);
  const clientId = await ensureAppClient(client, userPoolId, CLIENT_NAME, { known: o.reuse?.clientId });
  const result: BootstrapResult = { region, userPoolId, clientId };
  if (o.shortLived) {
    result.shortLivedClientId = await ensureAppClient(client, userPoolId, SHORT_LIVED_CLIENT_NAME, {
      seconds: 60,
      known: o.reuse?.shortLivedClientId,
    });
  }
  if (o.demoUser) {
    await ensureConfirmedUser(client, userPoolId, o.demoUser);
    result.demoUser = o.demoUser;
  }
  if (!o.client) client.destroy();
  return result;
}

async function findOrCreatePool(client: CognitoIdentityProviderClient, known?: string): Promise<string> {
  if (known && (await exists(() => client.send(new DescribeUserPoolCommand({ UserPoolId: known }))))) return known;
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const found = page.UserPools?.find((p) => p.Name === POOL_NAME);
    if (found?.Id) return found.Id;
    NextToken = page.NextToken;
  } while (NextToken);

  const created = await client.send(
    new CreateUserPoolCommand({
      PoolName: POOL_NAME,
      // Email is the username; Cognito then uses the `sub` as the internal username.
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      // Cognito's default policy, spelled out so a provisioned pool matches the local one.
      Policies: { PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, TemporaryPasswordValidityDays: 7 } },
      // Standard attributes: listing them only makes them required, as Cruddur's sign-up asks.
      Schema: [
        { Name: 'name', AttributeDataType: 'String', Mutable: true, Required: true },
        { Name: 'preferred_username', AttributeDataType: 'String', Mutable: true, Required: true },
      ],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    }),
  );
  if (!created.UserPool?.Id) throw new Error('CreateUserPool returned no pool id');
  return created.UserPool.Id;
}

/** A public client (no secret) for a browser extension. `seconds` makes tokens short-lived. */
function appClientInput(UserPoolId: string, ClientName: string, seconds?: number): CreateUserPoolClientCommandInput {
  return {
    UserPoolId,
    ClientName,
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
    // Spelled out because cognito-local's defaults (24 h access tokens) differ from AWS's (1 h),
    // and the hourly expiry is exactly what the extension must survive.
    AccessTokenValidity: seconds ?? 60,
    IdTokenValidity: seconds ?? 60,
    RefreshTokenValidity: 30,
    TokenValidityUnits: {
      AccessToken: seconds ? 'seconds' : 'minutes',
      IdToken: seconds ? 'seconds' : 'minutes',
      RefreshToken: 'days',
    },
  };
}

/**
 * Finds the app client named `name` (or `known`, if it still exists) or creates it as a public
 * client; `seconds` gives it access/ID tokens of that lifetime (cognito-local honours it).
 */
export async function ensureAppClient(
  client: CognitoIdentityProviderClient,
  UserPoolId: string,
  name: string,
  o: { seconds?: number; known?: string } = {},
): Promise<string> {
  const { known } = o;
  const input = appClientInput(UserPoolId, name, o.seconds);
  if (known && (await exists(() => client.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: known }))))) {
    return known;
  }
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken }));
    const found = page.UserPoolClients?.find((c) => c.ClientName === input.ClientName);
    if (found?.ClientId) return found.ClientId;
    NextToken = page.NextToken;
  } while (NextToken);
  const created = await client.send(new CreateUserPoolClientCommand(input));
  if (!created.UserPoolClient?.ClientId) throw new Error('CreateUserPoolClient returned no client id');
  return created.UserPoolClient.ClientId;
}

/**
 * AdminCreateUser leaves a user in FORCE_CHANGE_PASSWORD; AdminSetUserPassword with
 * `Permanent` confirms it (both exist in cognito-local 5.3 and AWS). The password is set on
 * every run so the printed one is always true, even if someone changed it.
 */
export async function ensureConfirmedUser(client: CognitoIdentityProviderClient, UserPoolId: string, user: DemoUser) {
  const found = await exists(() => client.send(new AdminGetUserCommand({ UserPoolId, Username: user.email })));
  if (!found) {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: user.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: verifiedUserAttributes(user),
      }),
    );
  }
  await client.send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username: user.email, Password: user.password, Permanent: true }),
  );
}

/** An administrator-created user's attributes: their email (already verified), name and @handle. */
export function verifiedUserAttributes(user: Pick<DemoUser, 'email' | 'name' | 'handle'>) {
  return [
    { Name: 'email', Value: user.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'name', Value: user.name },
    { Name: 'preferred_username', Value: user.handle },
  ];
}

/** Runs a Describe/Get call; false when the thing is gone, rethrows anything else. */
async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException' || name === 'UserNotFoundException') return false;
    throw error;
  }
}
