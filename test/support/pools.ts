/**
 * A pool configured like a current production one, made in a test stack through the SDK (signed
 * with the stack's credentials): email usernames verified by code, choice-based sign-in
 * (`USER_AUTH`) with the first factors asked for, remembered devices when asked, and a public
 * client allowing every flow the extension and Amplify use.
 */
import {
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  type DeviceConfigurationType,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StackInfo } from './stack.ts';
import { stackCognito, type TestUser } from './users.ts';

export interface PoolIds {
  userPoolId: string;
  clientId: string;
}

export const ALL_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

export async function productionPool(
  stack: Pick<StackInfo, 'region' | 'cognitoUrl' | 'credentials'>,
  o: { firstFactors?: ('PASSWORD' | 'EMAIL_OTP' | 'WEB_AUTHN')[]; devices?: DeviceConfigurationType; flows?: ExplicitAuthFlowsType[] } = {},
): Promise<PoolIds> {
  const sdk = stackCognito(stack);
  try {
    const pool = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: `production-like-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: o.firstFactors ?? ['PASSWORD', 'EMAIL_OTP'] } },
        ...(o.devices ? { DeviceConfiguration: o.devices } : {}),
      }),
    );
    const userPoolId = pool.UserPool?.Id ?? '';
    const client = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'production-like',
        ExplicitAuthFlows: o.flows ?? ALL_FLOWS,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      }),
    );
    return { userPoolId, clientId: client.UserPoolClient?.ClientId ?? '' };
  } finally {
    sdk.destroy();
  }
}

/** Signs `user` up in `pool` (with their password, or none) and confirms them with the delivered code. */
export async function confirmedIn(
  stack: Pick<StackInfo, 'region' | 'cognitoUrl' | 'credentials'> & { readCode(email: string): Promise<string> },
  pool: PoolIds,
  user: TestUser,
  o: { passwordless?: boolean } = {},
): Promise<string | undefined> {
  const sdk = stackCognito(stack);
  try {
    await sdk.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: user.email,
        ...(o.passwordless ? {} : { Password: user.password }),
        UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'name', Value: user.name }],
      }),
    );
    const confirmed = await sdk.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: user.email, ConfirmationCode: await stack.readCode(user.email) }));
    return confirmed.Session;
  } finally {
    sdk.destroy();
  }
}
