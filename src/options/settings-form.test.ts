import { describe, expect, it } from 'vitest';
import type { Settings } from '../shared/settings.ts';
import { fromForm, isCovered, missingPatterns, neededPatterns, toForm } from './settings-form.ts';

const local: Settings = {
  region: 'us-east-1',
  userPoolId: 'local_4XUZ2m9u',
  clientId: 'abc123',
  endpoint: 'http://127.0.0.1:9229',
  authFlow: 'USER_PASSWORD_AUTH',
  apiUrl: 'http://localhost:4567',
  webAppOrigins: ['http://localhost:3000', 'https://cruddur.com'],
};

describe('the options form and Settings', () => {
  it('shows the default scopes, and stores managed login only as typed', () => {
    const form = toForm(local);
    expect(form.oauthScopes).toBe('openid email profile aws.cognito.signin.user.admin');
    expect(form.managedLoginDomain).toBe('');
    // The defaults, in any order, are not stored: a later default applies.
    expect(fromForm({ ...form, oauthScopes: 'aws.cognito.signin.user.admin profile  email openid' })).toEqual(local);
    const hosted = fromForm({ ...form, managedLoginDomain: 'pool.auth.us-east-1.amazoncognito.com', identityProviders: 'Google\n Okta \n', oauthScopes: 'openid aws.cognito.signin.user.admin' });
    expect(hosted).toEqual({
      ...local,
      managedLoginDomain: 'https://pool.auth.us-east-1.amazoncognito.com',
      identityProviders: ['Google', 'Okta'],
      oauthScopes: ['openid', 'aws.cognito.signin.user.admin'],
    });
    expect(toForm(hosted)).toMatchObject({ identityProviders: 'Google\nOkta', oauthScopes: 'openid aws.cognito.signin.user.admin' });
  });

  it('round-trips settings through the form', () => {
    expect(toForm(local).webAppOrigins).toBe('http://localhost:3000\nhttps://cruddur.com');
    expect(fromForm(toForm(local))).toEqual(local);
  });

  it('drops an empty endpoint (AWS) and blank origin lines, and trims', () => {
    const form = { ...toForm(local), endpoint: '  ', webAppOrigins: '\n https://cruddur.com \n\n', clientId: ' abc ' };
    const s = fromForm(form);
    expect(s).not.toHaveProperty('endpoint');
    expect(s.webAppOrigins).toEqual(['https://cruddur.com']);
    expect(s.clientId).toBe('abc');
  });

  it('normalises as the background stores settings: no trailing slash, each origin once', () => {
    const s = fromForm({ ...toForm(local), apiUrl: 'http://localhost:4567/', webAppOrigins: 'https://cruddur.com/,https://cruddur.com' });
    expect(s.apiUrl).toBe('http://localhost:4567');
    expect(s.webAppOrigins).toEqual(['https://cruddur.com']);
  });
});

describe('host permissions for new origins', () => {
  it('asks for the API and each web-app origin once', () => {
    expect(neededPatterns(local)).toEqual(['http://localhost/*', 'https://cruddur.com/*']);
  });

  it.each<[string, string[], boolean]>([
    ['http://localhost/*', ['http://localhost/*'], true],
    ['http://localhost/*', ['https://localhost/*'], false],
    ['https://api.cruddur.com/*', ['https://*/*'], true],
    ['https://api.cruddur.com/*', ['*://*/*'], true],
    ['https://api.cruddur.com/*', ['<all_urls>'], true],
    ['https://api.cruddur.com/*', ['https://*.cruddur.com/*'], true],
    ['https://cruddur.com/*', ['https://*.cruddur.com/*'], true],
    ['https://evilcruddur.com/*', ['https://*.cruddur.com/*'], false],
    ['https://cruddur.com/*', ['https://cruddur.com/api/*'], false],
  ])('%s is covered by %j: %j', (pattern, granted, covered) => {
    expect(isCovered(pattern, granted)).toBe(covered);
  });

  it('lists only what is not granted yet', () => {
    expect(missingPatterns(local, ['http://localhost/*'])).toEqual(['https://cruddur.com/*']);
    expect(missingPatterns(local, ['http://*/*', 'https://*/*'])).toEqual([]);
  });
});
