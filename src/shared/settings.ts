/** The extension's configuration: which Cognito pool and which Cruddur API it talks to. */
import { t } from './i18n.ts';

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
  /**
   * The pool's managed-login domain as an origin, e.g. `https://cruddur.auth.us-east-1.amazoncognito.com`
   * (hosted sign-in pages and OAuth endpoints). Absent: the popup offers no managed login.
   */
  managedLoginDomain?: string;
  /** Identity providers offered as "Continue with <name>", named as the pool knows them (e.g. `Google`). */
  identityProviders?: string[];
  /** Scopes asked for at managed login. Absent: `DEFAULT_SCOPES`. */
  oauthScopes?: string[];
}

/**
 * What managed login asks for by default: `openid` for the ID token (its nonce and audience are
 * checked), and `aws.cognito.signin.user.admin` so the access token works with the user-pool API
 * the extension reads the profile with.
 */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

/** The scopes managed login asks for. */
export function scopesOf(s: Pick<Settings, 'oauthScopes'>): string[] {
  return s.oauthScopes?.length ? [...s.oauthScopes] : [...DEFAULT_SCOPES];
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
  VITE_MANAGED_LOGIN_DOMAIN?: string;
  VITE_IDENTITY_PROVIDERS?: string;
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
    VITE_MANAGED_LOGIN_DOMAIN: import.meta.env.VITE_MANAGED_LOGIN_DOMAIN,
    VITE_IDENTITY_PROVIDERS: import.meta.env.VITE_IDENTITY_PROVIDERS,
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
  'VITE_MANAGED_LOGIN_DOMAIN',
  'VITE_IDENTITY_PROVIDERS',
];

/** Build-time defaults; `npm start` writes them to `.env.local` for the local stack. */
export function defaultSettings(env: BuildEnv = buildEnv()): Settings {
  const endpoint = env.VITE_COGNITO_ENDPOINT?.trim();
  const domain = env.VITE_MANAGED_LOGIN_DOMAIN?.trim();
  const providers = list(env.VITE_IDENTITY_PROVIDERS ?? '');
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
    ...(domain ? { managedLoginDomain: managedLoginOrigin(domain) } : {}),
    ...(providers.length ? { identityProviders: providers } : {}),
  };
}

/** A comma-, space- or line-separated list, trimmed, without blanks or repeats. */
export function list(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

/** The domain as an origin: a bare host (as the Cognito console shows it) means `https://`. */
export function managedLoginOrigin(value: string): string {
  const v = value.trim().replace(/\/+$/, '');
  return v === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`;
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
    ...managedLoginSettings(s),
  };
}

/** The managed-login fields, normalised; each is left out when empty. */
function managedLoginSettings(s: Settings): Pick<Settings, 'managedLoginDomain' | 'identityProviders' | 'oauthScopes'> {
  const domain = managedLoginOrigin(s.managedLoginDomain ?? '');
  const providers = [...new Set((s.identityProviders ?? []).map((p) => p.trim()).filter(Boolean))];
  const scopes = [...new Set((s.oauthScopes ?? []).map((p) => p.trim()).filter(Boolean))];
  return {
    ...(domain ? { managedLoginDomain: domain } : {}),
    ...(providers.length ? { identityProviders: providers } : {}),
    ...(scopes.length ? { oauthScopes: scopes } : {}),
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

/**
 * Checks settings field by field; every message is a sentence a user can act on, in their
 * language (read when checking: scripts import this module in Node, where there is no catalog).
 */
export function validateSettings(s: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  if (!REGION.test(s.region)) errors.region = t('settings_region');
  if (!POOL_ID.test(s.userPoolId)) {
    errors.userPoolId = t('settings_userPoolId');
  } else if (!s.endpoint && !errors.region && !s.userPoolId.startsWith(`${s.region}_`)) {
    errors.userPoolId = t('settings_poolOtherRegion', s.region);
  }
  if (!CLIENT_ID.test(s.clientId)) errors.clientId = t('settings_clientId');
  const api = httpUrl(s.apiUrl);
  if (!api) errors.apiUrl = t('settings_apiUrl');
  else if (clearTextElsewhere(api)) errors.apiUrl = t('settings_apiHttpsOnly');
  if (s.endpoint !== undefined && s.endpoint !== '') {
    const endpoint = httpUrl(s.endpoint);
    if (!endpoint) errors.endpoint = t('settings_endpoint');
    else if (clearTextElsewhere(endpoint)) errors.endpoint = t('settings_endpointHttpsOnly');
  }
  if (!AUTH_FLOWS.includes(s.authFlow)) {
    errors.authFlow = t('settings_authFlow');
  }
  const badOrigin = s.webAppOrigins.find((o) => httpUrl(o)?.origin !== o.replace(/\/$/, ''));
  const plainOrigin = s.webAppOrigins.find((o) => {
    const url = httpUrl(o);
    return url !== null && clearTextElsewhere(url);
  });
  if (badOrigin !== undefined) errors.webAppOrigins = t('settings_badOrigin', badOrigin);
  else if (plainOrigin !== undefined) errors.webAppOrigins = t('settings_originHttpsOnly', plainOrigin);
  return { ...errors, ...validateManagedLogin(s) };
}

// AWS's ProviderName: no spaces, no leading or trailing underscore, at most 32 characters.
const PROVIDER_NAME = /^[^_\s][^\s]{0,30}[^_\s]$|^[^_\s]$/u;
// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Where the profile and ID token come from: without these the sign-in cannot finish. */
const NEEDED_SCOPES = ['openid', 'aws.cognito.signin.user.admin'];

function validateManagedLogin(s: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  const domain = s.managedLoginDomain ? managedLoginOrigin(s.managedLoginDomain) : '';
  if (domain) {
    const url = httpUrl(domain);
    if (!url || url.origin !== domain || url.username || url.password) {
      errors.managedLoginDomain = t('settings_managedLoginDomain');
    } else if (clearTextElsewhere(url)) errors.managedLoginDomain = t('settings_managedLoginHttpsOnly');
  }
  const providers = s.identityProviders ?? [];
  const badProvider = providers.find((p) => !PROVIDER_NAME.test(p));
  if (badProvider !== undefined) {
    errors.identityProviders = t('settings_badProvider', badProvider);
  } else if (providers.includes('COGNITO')) {
    errors.identityProviders = t('settings_leaveOutCognito');
  } else if (providers.length > 0 && !domain) {
    errors.managedLoginDomain = t('settings_managedLoginNeeded');
  }
  const scopes = s.oauthScopes ?? [];
  const badScope = scopes.find((scope) => !SCOPE.test(scope));
  const missing = NEEDED_SCOPES.find((scope) => !scopesOf(s).includes(scope));
  if (badScope !== undefined) errors.oauthScopes = t('settings_badScope', badScope);
  else if (missing !== undefined) errors.oauthScopes = t('settings_keepScope', missing);
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
