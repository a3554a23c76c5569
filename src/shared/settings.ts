/** The extension's configuration: which Cognito pool and which Cruddur API it talks to. */

/**
 * How the popup signs in: SRP, the password sent over TLS, or Cognito's choice-based sign-in
 * (`USER_AUTH`: SRP for a password, and "Email me a code" without one).
 */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH';

/** The sign-in flows, in the order Settings offers them. */
export const AUTH_FLOWS: readonly AuthFlow[] = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH'];

export interface CognitoConfig {
  /** AWS region of the pool, e.g. `us-east-1`. */
  region: string;
  /** `<region>_<id>`, e.g. `us-east-1_AbCdEf123`. */
  userPoolId: string;
  /** App client id of a public client (no secret). */
  clientId: string;
  /** Cognito endpoint override, for a local emulator. Default: the AWS endpoint of `region`. */
  endpoint?: string;
  /** `USER_SRP_AUTH` (default; the password never leaves the device), `USER_PASSWORD_AUTH` or `USER_AUTH`. */
  authFlow: AuthFlow;
}

export interface Settings extends CognitoConfig {
  /** Base URL of the Cruddur API, e.g. `https://api.cruddur.com`. */
  apiUrl: string;
  /** Origins of the Cruddur web app, where the feed panel appears, e.g. `https://cruddur.com`. */
  webAppOrigins: string[];
}

export type SettingsField = keyof Settings;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

interface BuildEnv {
  VITE_COGNITO_REGION?: string;
  VITE_COGNITO_USER_POOL_ID?: string;
  VITE_COGNITO_CLIENT_ID?: string;
  VITE_COGNITO_ENDPOINT?: string;
  VITE_AUTH_FLOW?: string;
  VITE_API_URL?: string;
  VITE_WEB_APP_ORIGINS?: string;
}

/**
 * The build variables, each read by name: vite then inlines just these values. Reading the
 * whole `import.meta.env` would ship every `VITE_*` variable of the build machine in the
 * bundles; the release check (scripts/lib/release-check.ts) fails a build that carries one
 * not named here, so a new setting must be added both here and to `BUILD_VARIABLES`.
 */
function buildEnv(): BuildEnv {
  return {
    VITE_COGNITO_REGION: import.meta.env.VITE_COGNITO_REGION,
    VITE_COGNITO_USER_POOL_ID: import.meta.env.VITE_COGNITO_USER_POOL_ID,
    VITE_COGNITO_CLIENT_ID: import.meta.env.VITE_COGNITO_CLIENT_ID,
    VITE_COGNITO_ENDPOINT: import.meta.env.VITE_COGNITO_ENDPOINT,
    VITE_AUTH_FLOW: import.meta.env.VITE_AUTH_FLOW,
    VITE_API_URL: import.meta.env.VITE_API_URL,
    VITE_WEB_APP_ORIGINS: import.meta.env.VITE_WEB_APP_ORIGINS,
  };
}

/** The `VITE_*` names the extension's code reads; any other one in a bundle is a leak. */
export const BUILD_VARIABLES: readonly (keyof BuildEnv)[] = [
  'VITE_COGNITO_REGION',
  'VITE_COGNITO_USER_POOL_ID',
  'VITE_COGNITO_CLIENT_ID',
  'VITE_COGNITO_ENDPOINT',
  'VITE_AUTH_FLOW',
  'VITE_API_URL',
  'VITE_WEB_APP_ORIGINS',
];

/** Build-time defaults; `npm start` writes them to `.env.local` for the local stack. */
export function defaultSettings(env: BuildEnv = buildEnv()): Settings {
  const endpoint = env.VITE_COGNITO_ENDPOINT?.trim();
  return {
    region: env.VITE_COGNITO_REGION?.trim() || 'us-east-1',
    userPoolId: env.VITE_COGNITO_USER_POOL_ID?.trim() ?? '',
    clientId: env.VITE_COGNITO_CLIENT_ID?.trim() ?? '',
    ...(endpoint ? { endpoint } : {}),
    authFlow: AUTH_FLOWS.find((f) => f === env.VITE_AUTH_FLOW) ?? 'USER_SRP_AUTH',
    apiUrl: env.VITE_API_URL?.trim() ?? '',
    webAppOrigins: (env.VITE_WEB_APP_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}

/**
 * Trims, drops trailing slashes (so "https://api.x.com/" and "https://api.x.com" are one
 * setting), an empty endpoint (AWS), and blank or repeated origins.
 */
export function normaliseSettings(s: Settings): Settings {
  const url = (v: string) => v.trim().replace(/\/+$/, '');
  const endpoint = s.endpoint ? url(s.endpoint) : '';
  return {
    region: s.region.trim(),
    userPoolId: s.userPoolId.trim(),
    clientId: s.clientId.trim(),
    ...(endpoint ? { endpoint } : {}),
    authFlow: s.authFlow,
    apiUrl: url(s.apiUrl),
    webAppOrigins: [...new Set(s.webAppOrigins.map(url).filter(Boolean))],
  };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
// cognito-local makes ids like `local_4XUZ2m9u`; AWS makes `us-east-1_AbC123`.
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const CLIENT_ID = /^[\w+]+$/;

/** Hosts where `http:` is fine: the traffic never leaves the machine. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * `http:` to any other host sends passwords and tokens in clear text (a typo such as
 * `http://api.cruddur.com` would), so it is allowed for this machine only.
 */
export function clearTextElsewhere(url: URL): boolean {
  return url.protocol === 'http:' && !LOOPBACK.has(url.hostname);
}

const HTTPS_ONLY = 'must start with https:// (http:// only for localhost, 127.0.0.1 or [::1]).';

/** Checks settings field by field; every message is a sentence a user can act on. */
export function validateSettings(s: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  if (!REGION.test(s.region)) errors.region = 'Enter an AWS region such as us-east-1.';
  if (!POOL_ID.test(s.userPoolId)) {
    errors.userPoolId = 'Enter the user pool id as <region>_<id>, for example us-east-1_AbC123xyz.';
  } else if (!s.endpoint && !errors.region && !s.userPoolId.startsWith(`${s.region}_`)) {
    errors.userPoolId = `This pool id does not belong to region ${s.region}.`;
  }
  if (!CLIENT_ID.test(s.clientId)) errors.clientId = 'Enter the app client id (letters and digits).';
  const api = httpUrl(s.apiUrl);
  if (!api) errors.apiUrl = 'Enter the API address, starting with https:// (or http:// for a local API).';
  else if (clearTextElsewhere(api)) errors.apiUrl = `The API address ${HTTPS_ONLY}`;
  if (s.endpoint !== undefined && s.endpoint !== '') {
    const endpoint = httpUrl(s.endpoint);
    if (!endpoint) errors.endpoint = 'Enter the Cognito endpoint as a URL, or leave it empty for AWS.';
    else if (clearTextElsewhere(endpoint)) errors.endpoint = `The Cognito endpoint ${HTTPS_ONLY}`;
  }
  if (!AUTH_FLOWS.includes(s.authFlow)) {
    errors.authFlow = 'Choose an authentication flow.';
  }
  const badOrigin = s.webAppOrigins.find((o) => httpUrl(o)?.origin !== o.replace(/\/$/, ''));
  const plainOrigin = s.webAppOrigins.find((o) => {
    const url = httpUrl(o);
    return url !== null && clearTextElsewhere(url);
  });
  if (badOrigin !== undefined) errors.webAppOrigins = `“${badOrigin}” is not an origin such as https://cruddur.com.`;
  else if (plainOrigin !== undefined) errors.webAppOrigins = `“${plainOrigin}” ${HTTPS_ONLY}`;
  return errors;
}

/** The settings identify a different Cognito session: changing them must sign the user out. */
export function sameIdentityProvider(a: CognitoConfig, b: CognitoConfig): boolean {
  return a.userPoolId === b.userPoolId && a.clientId === b.clientId && a.region === b.region && (a.endpoint ?? '') === (b.endpoint ?? '');
}

/** The settings build the same Cognito client: at most the API address or web-app origins changed. */
export function sameCognitoConfig(a: CognitoConfig, b: CognitoConfig): boolean {
  return sameIdentityProvider(a, b) && a.authFlow === b.authFlow;
}

/** The Cognito endpoint the client talks to. */
export function cognitoEndpoint(c: CognitoConfig): string {
  return c.endpoint || `https://cognito-idp.${c.region}.amazonaws.com/`;
}
