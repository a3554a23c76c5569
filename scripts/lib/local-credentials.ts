/**
 * The local stack's IAM credentials: the key pair its administrative operations must be signed
 * with (SigV4), as AWS requires IAM authorisation for them. `npm start` makes one pair, once, in
 * the git-ignored `.local/credentials.json` (readable by this user only) and reuses it; test
 * stacks make a fresh pair each. Scripts sign with them through the AWS SDK (bootstrap.ts's
 * `cognitoClient`); against real AWS the SDK's default credential chain applies instead.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newCredentials } from '../cognito-front/front.ts';
import type { LocalCredentials } from '../cognito-front/sigv4.ts';

/** Where `npm start` keeps its pair, under the project root. */
export const credentialsPath = (root: string) => join(root, '.local', 'credentials.json');

/** The pair in `path`, or undefined when there is none (or it is not a pair). */
export function readCredentials(path: string): LocalCredentials | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalCredentials>;
    return typeof c.accessKeyId === 'string' && typeof c.secretAccessKey === 'string' ? { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey } : undefined;
  } catch {
    return undefined;
  }
}

/** The pair in `path`, made there first if missing (mode 0600). */
export function loadOrCreateCredentials(path: string): LocalCredentials {
  const found = readCredentials(path);
  if (found) return found;
  const made = newCredentials();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return made;
}
