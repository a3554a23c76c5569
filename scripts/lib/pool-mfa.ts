/**
 * `COGNITO_MFA=OFF|OPTIONAL|ON` for `npm start`: the demo pool's MFA setting, applied with
 * SetUserPoolMfaConfig through the front (which keeps it in its state file, so it lasts until
 * changed). Both kinds the front knows are turned on: an authenticator app (TOTP) and email
 * codes. Unset leaves the pool as it was.
 */
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCredentials } from '../cognito-front/sigv4.ts';
import { cognitoClient } from './bootstrap.ts';

export type PoolMfaMode = 'OFF' | 'OPTIONAL' | 'ON';
const MODES: readonly PoolMfaMode[] = ['OFF', 'OPTIONAL', 'ON'];

/** The mode `raw` names (any case), undefined when unset; throws a sentence for anything else. */
export function parseMfaMode(raw: string | undefined): PoolMfaMode | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const mode = raw.trim().toUpperCase();
  if (!(MODES as readonly string[]).includes(mode)) throw new Error(`COGNITO_MFA=${raw} is not one of OFF, OPTIONAL, ON.`);
  return mode as PoolMfaMode;
}

/** What SetUserPoolMfaConfig is sent for `mode`. */
export function mfaConfigInput(userPoolId: string, mode: PoolMfaMode) {
  return {
    UserPoolId: userPoolId,
    MfaConfiguration: mode,
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: { Subject: 'Your Cruddur sign-in code', Message: 'Your Cruddur sign-in code is {####}.' },
  };
}

/** Sets the pool's MFA through `endpoint` (the front: cognito-local has no MFA of its own). */
export async function applyPoolMfa(o: { endpoint: string; credentials: LocalCredentials; region: string; userPoolId: string; mode: PoolMfaMode }): Promise<void> {
  const client = cognitoClient({ region: o.region, endpoint: o.endpoint, credentials: o.credentials });
  try {
    await client.send(new SetUserPoolMfaConfigCommand(mfaConfigInput(o.userPoolId, o.mode)));
  } finally {
    client.destroy();
  }
}

/** One line for `npm start`'s output. */
export function describeMfa(mode: PoolMfaMode): string {
  if (mode === 'OFF') return 'Two-step verification: OFF (COGNITO_MFA).';
  const who = mode === 'ON' ? 'required for every user: the first sign-in sets up an authenticator app' : 'optional: users turn it on in Settings';
  return `Two-step verification: ${mode} (COGNITO_MFA), ${who}; email codes are printed like the others.`;
}
