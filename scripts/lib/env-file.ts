import { writeFile } from 'node:fs/promises';
import { BUILD_VARIABLES } from '../../src/shared/settings.ts';

/** What the extension build reads as its defaults (Vite exposes only `VITE_*` keys). */
export interface ExtensionEnv {
  VITE_COGNITO_REGION: string;
  VITE_COGNITO_USER_POOL_ID: string;
  VITE_COGNITO_CLIENT_ID: string;
  /** Empty for AWS (the SDK's regional endpoint); the local endpoint otherwise. */
  VITE_COGNITO_ENDPOINT: string;
  /** `npm start` writes USER_SRP_AUTH: the cognito front gives cognito-local real SRP. */
  VITE_AUTH_FLOW: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
  VITE_API_URL: string;
  /** Comma-separated origins of the Cruddur web app whose session the extension may read. */
  VITE_WEB_APP_ORIGINS: string;
  /** Managed login's domain (an origin), and the identity providers the popup offers (comma-separated). */
  VITE_MANAGED_LOGIN_DOMAIN?: string;
  VITE_IDENTITY_PROVIDERS?: string;
}

/** Every build variable the extension reads, in its order: one list, in src/shared/settings.ts. */
const KEYS: readonly (keyof ExtensionEnv)[] = BUILD_VARIABLES;

/** `.env` text in a fixed key order, so reruns give identical files (and clean diffs). */
export function formatEnvFile(env: ExtensionEnv): string {
  const header = '# Written by `npm start` from the local stack; rewritten on every run.\n';
  return header + KEYS.filter((key) => env[key] !== undefined).map((key) => `${key}=${quote(env[key] ?? '')}`).join('\n') + '\n';
}

export async function writeEnvFile(path: string, env: ExtensionEnv): Promise<void> {
  await writeFile(path, formatEnvFile(env));
}

/** dotenv leaves simple values alone; quote only when a value could be misread. */
function quote(value: string): string {
  return /^[\w.:/,@-]*$/.test(value) ? value : JSON.stringify(value);
}
