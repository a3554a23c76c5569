/**
 * The options form as strings (what inputs hold) and back to Settings. The textarea holds
 * one web-app origin per line; an empty endpoint means "AWS".
 */
import { originPatterns } from '../shared/match-patterns.ts';
import { DEFAULT_SCOPES, list, normaliseSettings, scopesOf, type AuthFlow, type Settings } from '../shared/settings.ts';

export interface SettingsForm {
  region: string;
  userPoolId: string;
  clientId: string;
  apiUrl: string;
  authFlow: AuthFlow;
  endpoint: string;
  webAppOrigins: string;
  /** Managed login: the domain, the providers one per line, the scopes separated by spaces. */
  managedLoginDomain: string;
  identityProviders: string;
  oauthScopes: string;
}

export function toForm(s: Settings): SettingsForm {
  return {
    region: s.region,
    userPoolId: s.userPoolId,
    clientId: s.clientId,
    apiUrl: s.apiUrl,
    authFlow: s.authFlow,
    endpoint: s.endpoint ?? '',
    webAppOrigins: s.webAppOrigins.join('\n'),
    managedLoginDomain: s.managedLoginDomain ?? '',
    identityProviders: (s.identityProviders ?? []).join('\n'),
    oauthScopes: scopesOf(s).join(' '),
  };
}

/** The settings the form holds, normalised as the background will store them. */
export function fromForm(f: SettingsForm): Settings {
  return normaliseSettings({
    ...f,
    webAppOrigins: f.webAppOrigins.split(/[\n,]/),
    managedLoginDomain: f.managedLoginDomain,
    identityProviders: list(f.identityProviders),
    // The default scopes are not stored: a later default applies to whoever kept it.
    oauthScopes: isDefaultScopes(list(f.oauthScopes)) ? [] : list(f.oauthScopes),
  });
}

function isDefaultScopes(scopes: string[]): boolean {
  return scopes.length === DEFAULT_SCOPES.length && DEFAULT_SCOPES.every((s) => scopes.includes(s));
}

/** The host permissions the extension needs for these settings: the API and the web app. */
export function neededPatterns(s: Settings): string[] {
  const patterns = originPatterns([s.apiUrl, ...s.webAppOrigins]);
  return [...new Set(patterns)];
}

/** Whether `granted` (from permissions.getAll) already covers `pattern`, wildcards included. */
export function isCovered(pattern: string, granted: readonly string[]): boolean {
  const want = /^(https?):\/\/([^/]+)\/\*$/.exec(pattern);
  if (!want) return granted.includes(pattern);
  const [, scheme, host] = want;
  return granted.some((g) => {
    if (g === '<all_urls>') return true;
    const m = /^(\*|https?):\/\/([^/]+)\/(.*)$/.exec(g);
    if (!m || m[3] !== '*') return false;
    const [, gScheme, gHost = ''] = m;
    const schemeOk = gScheme === scheme || gScheme === '*';
    const hostOk = gHost === '*' || gHost === host || (gHost.startsWith('*.') && (host === gHost.slice(2) || host?.endsWith(gHost.slice(1))));
    return schemeOk && hostOk;
  });
}

export function missingPatterns(s: Settings, granted: readonly string[]): string[] {
  return neededPatterns(s).filter((p) => !isCovered(p, granted));
}
