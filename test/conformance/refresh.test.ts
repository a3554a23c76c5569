/**
 * Conformance: real Cognito clients, not our own calls, judge the local front. Amplify v6
 * refreshes only with GetTokensFromRefreshToken and signs in with SRP by default;
 * amazon-cognito-identity-js (what the extension uses) refreshes with InitiateAuth
 * REFRESH_TOKEN_AUTH. Both must get AWS's answers from a fresh local stack.
 */
import { AuthenticationDetails, CognitoRefreshToken, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../support/amplify.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito, type TestUser } from '../support/users.ts';

let stack: LocalStack;
let user: TestUser;

beforeAll(async () => {
  stack = await startLocalStack();
  ({ user } = await readyUser(stack, 'conformance'));
});
afterAll(() => stack?.stop());

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('conformance: aws-amplify v6 against the front', () => {
  it('Amplify signs in with SRP and refreshes with fetchAuthSession({ forceRefresh: true })', async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId, userPoolEndpoint: stack.cognitoUrl } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage());
    const result = await signIn({ username: user.email, password: user.password });
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const before = (await fetchAuthSession()).tokens;
    await new Promise((r) => setTimeout(r, 1100)); // a new `iat` second, so the refreshed token differs
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens;
    expect(after?.accessToken.toString()).toEqual(expect.any(String));
    expect(after?.accessToken.toString()).not.toBe(before?.accessToken.toString());
    expect(after?.accessToken.payload.username).toBe(before?.accessToken.payload.username);
    await signOut();
  });

  it('Amplify refreshes twice on a client with rotation on, each time storing the rotated refresh token', async () => {
    const cognito = stackCognito(stack);
    const created = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientName: 'amplify-rotating', RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } }),
    );
    const clientId = created.UserPoolClient?.ClientId ?? '';
    expect(created.UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    Amplify.configure({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: clientId, userPoolEndpoint: stack.cognitoUrl } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryStorage());
    await signIn({ username: user.email, password: user.password });
    const first = (await fetchAuthSession({ forceRefresh: true })).tokens;
    const second = (await fetchAuthSession({ forceRefresh: true })).tokens; // works only with the rotated token
    expect(first?.accessToken.payload.username).toEqual(expect.any(String));
    expect(second?.accessToken.payload.username).toBe(first?.accessToken.payload.username);
    await signOut();
  });
});

describe('conformance: amazon-cognito-identity-js against the front', () => {
  const pool = () => new CognitoUserPool({ UserPoolId: stack.userPoolId, ClientId: stack.clientId, endpoint: stack.cognitoUrl });

  const srpSignIn = (email: string, password: string) =>
    new Promise<CognitoUserSession>((resolve, reject) => {
      new CognitoUser({ Username: email, Pool: pool() }).authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
        onSuccess: resolve,
        onFailure: reject,
      });
    });

  it('SRP sign-in, then refreshSession (REFRESH_TOKEN_AUTH) gives new tokens for the same user', async () => {
    const session = await srpSignIn(user.email, user.password);
    const cognitoUser = new CognitoUser({ Username: user.email, Pool: pool() });
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser.refreshSession(new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() }), (e: Error | null, s: CognitoUserSession) =>
        e ? reject(e) : resolve(s),
      ),
    );
    expect(claims(refreshed.getAccessToken().getJwtToken()).username).toBe(claims(session.getAccessToken().getJwtToken()).username);
  });

  it('SRP sign-in with a wrong password fails with NotAuthorizedException "Incorrect username or password."', async () => {
    await expect(srpSignIn(user.email, 'Wr0ng-Passw0rd!')).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
