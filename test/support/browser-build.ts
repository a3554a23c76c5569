/** Builds the extension pointed at a local stack, into a temp dir, for one browser. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from '../../scripts/lib/build.ts';
import type { Target } from '../../scripts/manifest.ts';
import type { StackInfo } from './stack.ts';

export interface StackBuildOptions {
  target: Target;
  /** The app client baked in as the default; the stack's short-lived one for expiry tests. */
  clientId?: string;
  /** Web-app origins where the feed panel appears (the stand-in web app in panel tests). */
  webAppOrigins?: string[];
  /** Managed login's domain and the providers the popup offers (test/e2e/managed-login.test.ts). */
  managedLogin?: { domain: string; providers: string[] };
}

export interface StackBuild {
  /** The unpacked extension. */
  dir: string;
  /** Deletes the build (its temp folder); safe to call twice. */
  remove(): Promise<void>;
}

/** The VITE_* values that point a build (or `npm run dev`) at `stack`. */
export function stackBuildEnv(stack: StackInfo, o: Omit<StackBuildOptions, 'target'> = {}): Record<string, string> {
  return {
    VITE_COGNITO_REGION: stack.region,
    VITE_COGNITO_USER_POOL_ID: stack.userPoolId,
    VITE_COGNITO_CLIENT_ID: o.clientId ?? stack.clientId,
    VITE_COGNITO_ENDPOINT: stack.cognitoUrl,
    VITE_AUTH_FLOW: 'USER_SRP_AUTH',
    VITE_API_URL: stack.apiUrl,
    VITE_WEB_APP_ORIGINS: (o.webAppOrigins ?? []).join(','),
    // Set even when empty: a `.env.local` from `npm start` must not offer its managed login here.
    VITE_MANAGED_LOGIN_DOMAIN: o.managedLogin?.domain ?? '',
    VITE_IDENTITY_PROVIDERS: (o.managedLogin?.providers ?? []).join(','),
  };
}

/** Builds into a fresh temp folder. SRP, the production flow: the cognito front verifies it for real. */
export async function buildForStack(stack: StackInfo, o: StackBuildOptions): Promise<StackBuild> {
  const outRoot = await mkdtemp(join(tmpdir(), 'cruddur-ext-'));
  const remove = () => rm(outRoot, { recursive: true, force: true });
  try {
    const out = await buildExtension({
      targets: [o.target],
      outRoot,
      quiet: true,
      env: stackBuildEnv(stack, o),
    });
    return { dir: out[o.target], remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
