import { join } from 'node:path';
import { readCognitoJson } from './cognito-files.ts';

interface StoredUser {
  Username?: string;
  Attributes?: { Name: string; Value?: string }[];
  ConfirmationCode?: string;
}

/** Where cognito-local keeps a pool's users, codes included, under its working dir. */
export function poolDbPath(dir: string, userPoolId: string): string {
  return join(dir, '.cognito', 'db', `${userPoolId}.json`);
}

/**
 * The code cognito-local last "emailed" to `email` (sign-up or forgot-password), read from its
 * database file rather than its console output, whose format is not an interface. Throws when
 * the user is unknown or has no pending code, naming which.
 */
export async function readConfirmationCode(dir: string, userPoolId: string, email: string): Promise<string> {
  const path = poolDbPath(dir, userPoolId);
  const db = await readCognitoJson<{ Users?: Record<string, StoredUser> }>(path);
  if (!db) throw new Error(`No user pool file at ${path}`);
  const wanted = email.toLowerCase();
  const user = Object.values(db.Users ?? {}).find((u) =>
    u.Attributes?.some((a) => a.Name === 'email' && a.Value?.toLowerCase() === wanted),
  );
  if (!user) throw new Error(`No user with email ${email} in ${path}`);
  if (!user.ConfirmationCode) throw new Error(`User ${email} has no pending confirmation code in ${path}`);
  return user.ConfirmationCode;
}
