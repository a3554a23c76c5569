import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient, verifiedUserAttributes } from '../../scripts/lib/bootstrap.ts';
import { readConfirmationCode } from '../../scripts/lib/codes.ts';
import type { StackInfo } from './stack.ts';

export interface TestUser {
  email: string;
  password: string;
  name: string;
  /** preferred_username, the @handle. */
  handle: string;
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/**
 * A user nobody else in this run has: tests share one stack, so each one makes its own users.
 * The password satisfies Cognito's default policy (upper, lower, number, symbol, 8+).
 */
export function uniqueUser(tag = 'user'): TestUser {
  const id = randomBytes(4).toString('hex');
  const safeTag = tag.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 'user';
  return {
    email: `${safeTag}-${id}@test.cruddur.local`,
    password: `Pw!${id}Aa1`,
    name: `${tag} ${id}`,
    handle: `${safeTag}${id}`,
  };
}

/** An SDK client for the stack's Cognito endpoint, signing with the stack's credentials (admin calls need them). */
export function stackCognito(stack: Pick<StackInfo, 'region' | 'cognitoUrl' | 'credentials'>) {
  return cognitoClient({ region: stack.region, endpoint: stack.cognitoUrl, credentials: stack.credentials });
}

/** SignUp only: the user then waits for the emailed code, like a real one. */
export async function signUp(stack: StackInfo, user: TestUser, clientId = stack.clientId): Promise<void> {
  const cognito = stackCognito(stack);
  try {
    await cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: user.email,
        Password: user.password,
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'name', Value: user.name },
          { Name: 'preferred_username', Value: user.handle },
        ],
      }),
    );
  } finally {
    cognito.destroy();
  }
}

/** Confirms with the code cognito-local stored for this user (read from its database file). */
export async function confirm(stack: StackInfo, user: TestUser, clientId = stack.clientId): Promise<string> {
  const code = await readConfirmationCode(stack.dir, stack.userPoolId, user.email);
  const cognito = stackCognito(stack);
  try {
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: user.email, ConfirmationCode: code }));
  } finally {
    cognito.destroy();
  }
  return code;
}

/** USER_PASSWORD_AUTH sign-in; the tokens as the extension would hold them. */
export async function signIn(stack: StackInfo, user: TestUser, clientId = stack.clientId): Promise<Tokens> {
  const cognito = stackCognito(stack);
  try {
    const res = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
      }),
    );
    return tokensOf(res.AuthenticationResult);
  } finally {
    cognito.destroy();
  }
}

/** For tests that need a ready user: a fresh one, signed up, confirmed and signed in. */
export async function readyUser(stack: StackInfo, tag?: string, clientId = stack.clientId) {
  const user = uniqueUser(tag);
  await signUp(stack, user, clientId);
  await confirm(stack, user, clientId);
  return { user, tokens: await signIn(stack, user, clientId) };
}

function tokensOf(result: AuthenticationResultType | undefined): Tokens {
  const { AccessToken, IdToken, RefreshToken } = result ?? {};
  if (!AccessToken || !IdToken || !RefreshToken) throw new Error('InitiateAuth returned no tokens');
  return { accessToken: AccessToken, idToken: IdToken, refreshToken: RefreshToken };
}

/**
 * A user created by an administrator (AdminCreateUser) with a temporary password: their first
 * sign-in meets Cognito's NEW_PASSWORD_REQUIRED challenge.
 */
export async function invitedUser(stack: StackInfo, user: TestUser, temporaryPassword: string): Promise<void> {
  // Through the front, like every call while a browser may be talking to Cognito too: it keeps
  // cognito-local to one call at a time (scripts/lib/cognito-files.ts).
  const admin = stackCognito(stack);
  try {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: user.email,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
        UserAttributes: verifiedUserAttributes(user),
      }),
    );
  } finally {
    admin.destroy();
  }
}
