/** The extension's configuration: which Cognito pool and which Cruddur API it talks to. */

export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

export interface CognitoConfig {
  /** AWS region of the pool, e.g. `us-east-1`. */
  region: string;
  /** `<region>_<id>`, e.g. `us-east-1_AbCdEf123`. */
  userPoolId: string;
  /** App client id of a public client (no secret). */
  clientId: string;
  /** Cognito endpoint override, for a local emulator. Default: the AWS endpoint of `region`. */
  endpoint?: string;
  /** `USER_SRP_AUTH` (default; the password never leaves the device) or `USER_PASSWORD_AUTH`. */
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

/** Build-time defaults; `npm start` writes them to `.env.local` for the local stack. */
export function defaultSettings(env: BuildEnv = import.meta.env as BuildEnv): Settings {
  const endpoint = env.VITE_COGNITO_ENDPOINT?.trim();
  return {
    region: env.VITE_COGNITO_REGION?.trim() || 'us-east-1',
    userPoolId: env.VITE_COGNITO_USER_POOL_ID?.trim() ?? '',
    clientId: env.VITE_COGNITO_CLIENT_ID?.trim() ?? '',
    ...(endpoint ? { endpoint } : {}),
    authFlow: env.VITE_AUTH_FLOW === 'USER_PASSWORD_AUTH' ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH',
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

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

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
  if (!httpUrl(s.apiUrl)) errors.apiUrl = 'Enter the API address, starting with https:// (or http:// for a local API).';
  if (s.endpoint !== undefined && s.endpoint !== '' && !httpUrl(s.endpoint)) {
    errors.endpoint = 'Enter the Cognito endpoint as a URL, or leave it empty for AWS.';
  }
  if (s.authFlow !== 'USER_SRP_AUTH' && s.authFlow !== 'USER_PASSWORD_AUTH') {
    errors.authFlow = 'Choose an authentication flow.';
  }
  const badOrigin = s.webAppOrigins.find((o) => httpUrl(o)?.origin !== o.replace(/\/$/, ''));
  if (badOrigin !== undefined) errors.webAppOrigins = `“${badOrigin}” is not an origin such as https://cruddur.com.`;
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
