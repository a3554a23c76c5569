/**
 * MFA set up the way an administrator and the web app would, for e2e journeys: the pool's MFA
 * setting, and users who turned an authenticator app or email codes on outside the extension.
 */
import { AssociateSoftwareTokenCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { StackInfo } from './stack.ts';
import { freshCode } from './totp-codes.ts';
import { readyUser, stackCognito, type TestUser } from './users.ts';

export type PoolMfa = 'OFF' | 'ON' | 'OPTIONAL';

/** Sets the pool's MFA: authenticator apps and email codes both on, unless OFF (AWS refuses kinds with OFF). */
export async function setPoolMfa(stack: StackInfo, MfaConfiguration: PoolMfa): Promise<void> {
  const cognito = stackCognito(stack);
  try {
    const kinds =
      MfaConfiguration === 'OFF'
        ? {}
        : { SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: 'Your code', Message: 'Your code is {####}' } };
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: stack.userPoolId, MfaConfiguration, ...kinds }));
  } finally {
    cognito.destroy();
  }
}

/**
 * A confirmed user with an authenticator app, email codes, or both with no preference, set up
 * outside the extension. Returns the user and the authenticator's secret ('' without one).
 */
export async function userWithMfa(stack: StackInfo, tag: string, kinds: { totp?: boolean; email?: boolean } = { totp: true }): Promise<{ user: TestUser; secret: string }> {
  const { user, tokens } = await readyUser(stack, tag);
  const cognito = stackCognito(stack);
  try {
    let secret = '';
    if (kinds.totp) {
      ({ SecretCode: secret = '' } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.accessToken })));
      await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.accessToken, UserCode: await freshCode(secret) }));
    }
    const both = kinds.totp && kinds.email;
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: tokens.accessToken,
        ...(kinds.totp ? { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: !both } } : {}),
        ...(kinds.email ? { EmailMfaSettings: { Enabled: true, PreferredMfa: !both } } : {}),
      }),
    );
    return { user, secret };
  } finally {
    cognito.destroy();
  }
}
