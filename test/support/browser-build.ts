/** Builds the extension pointed at a local stack, into a temp dir, for one browser. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from '../../scripts/lib/build.ts';
import type { Target } from '../../scripts/manifest.ts';
import type { StackInfo } from './stack.ts';

export interface StackBuildOptions {
  target: Target;
  /** The app client baked in as the default; the stack's short-lived one for expiry tests. */
  clientId?: string;
}

/** Returns the unpacked extension dir. USER_PASSWORD_AUTH: the flow cognito-local supports. */
export async function buildForStack(stack: StackInfo, o: StackBuildOptions): Promise<string> {
  const outRoot = await mkdtemp(join(tmpdir(), 'cruddur-ext-'));
  const out = await buildExtension({
    targets: [o.target],
    outRoot,
    quiet: true,
    env: {
      VITE_COGNITO_REGION: stack.region,
      VITE_COGNITO_USER_POOL_ID: stack.userPoolId,
      VITE_COGNITO_CLIENT_ID: o.clientId ?? stack.clientId,
      VITE_COGNITO_ENDPOINT: stack.cognitoUrl,
      VITE_AUTH_FLOW: 'USER_PASSWORD_AUTH',
      VITE_API_URL: stack.apiUrl,
      VITE_WEB_APP_ORIGINS: '',
    },
  });
  return out[o.target];
}
