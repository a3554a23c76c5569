import { describe, expect, it } from 'vitest';
import { useLanguage } from './i18n-fake.ts';
import { DEFAULT_SCOPES, defaultSettings, normaliseSettings, sameCognitoConfig, sameIdentityProvider, scopesOf, validateSettings, type Settings } from './settings.ts';

const AWS: Settings = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123xyz',
  clientId: '4lbmlmbe0ipkt9rak0g6e0kbgs',
  authFlow: 'USER_SRP_AUTH',
  apiUrl: 'https://api.cruddur.com',
  webAppOrigins: ['https://cruddur.com'],
};

describe('settings', () => {
  it('accepts a real AWS configuration', () => {
    expect(validateSettings(AWS)).toEqual({});
  });

  it('says what to fix in the user\'s language, with the value in the sentence', () => {
    useLanguage('de');
    expect(validateSettings({ ...AWS, userPoolId: 'us-east-1_AbC123' })).toEqual({ userPoolId: 'Diese Pool-ID gehört nicht zur Region eu-west-1.' });
    expect(validateSettings({ ...AWS, webAppOrigins: ['http://cruddur.com'] })).toEqual({
      webAppOrigins: '„http://cruddur.com“ muss mit https:// beginnen (http:// nur für localhost, 127.0.0.1 oder [::1]).',
    });
    useLanguage('ar');
    expect(validateSettings({ ...AWS, region: 'eu-west' }).region).toBe('أدخل منطقة AWS مثل us-east-1.');
  });

  it('accepts the local emulator, whose pool ids do not carry a region', () => {
    expect(validateSettings({ ...AWS, userPoolId: 'local_4XUZ2m9u', endpoint: 'http://127.0.0.1:9229', apiUrl: 'http://127.0.0.1:4567' })).toEqual({});
  });

  it.each<[string, Partial<Settings>, keyof Settings]>([
    ['a region without a number', { region: 'eu-west' }, 'region'],
    ['a pool id without the underscore', { userPoolId: 'eu-west-1AbC' }, 'userPoolId'],
    ['a pool id of another region', { userPoolId: 'us-east-1_AbC123' }, 'userPoolId'],
    ['a client id with spaces', { clientId: 'abc def' }, 'clientId'],
    ['an API URL without a scheme', { apiUrl: 'api.cruddur.com' }, 'apiUrl'],
    ['an ftp API URL', { apiUrl: 'ftp://api.cruddur.com' }, 'apiUrl'],
    ['an endpoint that is not a URL', { endpoint: 'localhost:9229' }, 'endpoint'],
    ['a web-app origin with a path', { webAppOrigins: ['https://cruddur.com/home'] }, 'webAppOrigins'],
    ['a clear-text API URL off this machine', { apiUrl: 'http://api.cruddur.com' }, 'apiUrl'],
    ['a clear-text endpoint off this machine', { endpoint: 'http://cognito.example.com' }, 'endpoint'],
    ['a clear-text web-app origin off this machine', { webAppOrigins: ['https://ok.com', 'http://cruddur.com'] }, 'webAppOrigins'],
    ['a clear-text LAN address', { apiUrl: 'http://192.168.1.20:4567' }, 'apiUrl'],
    ['a host that only starts like localhost', { apiUrl: 'http://localhost.evil.com' }, 'apiUrl'],
  ])('rejects %s with a message for that field', (_, change, field) => {
    const errors = validateSettings({ ...AWS, ...change });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(/\.$/);
  });

  it.each([['http://localhost:4567'], ['http://127.0.0.1:4567'], ['http://[::1]:4567'], ['https://api.cruddur.com']])(
    'accepts %s as the API, endpoint and web-app origin',
    (url) => {
      expect(validateSettings({ ...AWS, userPoolId: 'local_abc', apiUrl: url, endpoint: url, webAppOrigins: [url] })).toEqual({});
    },
  );

  it('says plainly why a clear-text address is refused', () => {
    expect(validateSettings({ ...AWS, apiUrl: 'http://api.cruddur.com' }).apiUrl).toBe(
      'The API address must start with https:// (http:// only for localhost, 127.0.0.1 or [::1]).',
    );
  });

  it('reads build-time defaults from the env the local stack writes', () => {
    expect(
      defaultSettings({
        VITE_COGNITO_REGION: 'us-east-1',
        VITE_COGNITO_USER_POOL_ID: 'local_abc',
        VITE_COGNITO_CLIENT_ID: 'client',
        VITE_COGNITO_ENDPOINT: 'http://127.0.0.1:9229',
        VITE_AUTH_FLOW: 'USER_PASSWORD_AUTH',
        VITE_API_URL: 'http://127.0.0.1:4567',
        VITE_WEB_APP_ORIGINS: 'http://localhost:3000, http://127.0.0.1:3000',
      }),
    ).toEqual({
      region: 'us-east-1',
      userPoolId: 'local_abc',
      clientId: 'client',
      endpoint: 'http://127.0.0.1:9229',
      authFlow: 'USER_PASSWORD_AUTH',
      apiUrl: 'http://127.0.0.1:4567',
      webAppOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    });
    expect(defaultSettings({}).authFlow).toBe('USER_SRP_AUTH');
  });

  it('stores one spelling of each setting: trimmed, without trailing slashes, blank or repeated origins', () => {
    const typed = {
      ...AWS,
      clientId: ' 4lbmlmbe0ipkt9rak0g6e0kbgs ',
      endpoint: ' ',
      apiUrl: 'https://api.cruddur.com/ ',
      webAppOrigins: ['https://cruddur.com/', ' ', 'https://cruddur.com'],
    };
    expect(normaliseSettings(typed)).toEqual(AWS);
    expect(normaliseSettings({ ...AWS, endpoint: 'http://127.0.0.1:9229//' }).endpoint).toBe('http://127.0.0.1:9229');
  });

  it('needs a new Cognito client for any Cognito field, but not for the API or web-app origins', () => {
    const moved: Settings = { ...AWS, apiUrl: 'https://api2.cruddur.com', webAppOrigins: [] };
    expect(sameCognitoConfig(AWS, moved)).toBe(true);
    expect(sameCognitoConfig(AWS, { ...AWS, authFlow: 'USER_PASSWORD_AUTH' })).toBe(false);
    expect(sameCognitoConfig(AWS, { ...AWS, clientId: 'other' })).toBe(false);
  });

  it('treats a new pool or client as a different identity provider', () => {
    expect(sameIdentityProvider(AWS, { ...AWS })).toBe(true);
    expect(sameIdentityProvider(AWS, { ...AWS, clientId: 'other' })).toBe(false);
    expect(sameIdentityProvider(AWS, { ...AWS, endpoint: 'http://127.0.0.1:9229' })).toBe(false);
  });

  describe('managed login', () => {
    const HOSTED: Settings = { ...AWS, managedLoginDomain: 'https://cruddur.auth.eu-west-1.amazoncognito.com', identityProviders: ['Google', 'Okta-SAML'] };

    it('accepts a domain, providers as the pool names them, and the default scopes', () => {
      expect(validateSettings(HOSTED)).toEqual({});
      expect(validateSettings({ ...HOSTED, managedLoginDomain: 'http://localhost:9230', identityProviders: ['StandIn'] })).toEqual({});
      expect(scopesOf(HOSTED)).toEqual([...DEFAULT_SCOPES]);
      expect(DEFAULT_SCOPES).toEqual(['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']);
    });

    it('stores a bare domain (as the console shows it) as its https origin, and leaves out empty fields', () => {
      const typed: Settings = { ...AWS, managedLoginDomain: ' cruddur.auth.eu-west-1.amazoncognito.com/ ', identityProviders: [' Google ', '', 'Google'], oauthScopes: [' '] };
      expect(normaliseSettings(typed)).toEqual({ ...AWS, managedLoginDomain: 'https://cruddur.auth.eu-west-1.amazoncognito.com', identityProviders: ['Google'] });
      expect(normaliseSettings({ ...AWS, managedLoginDomain: '  ', identityProviders: [], oauthScopes: [] })).toEqual(AWS);
    });

    it.each<[string, Partial<Settings>, keyof Settings, RegExp]>([
      ['a domain with a path', { managedLoginDomain: 'https://x.auth.eu-west-1.amazoncognito.com/login' }, 'managedLoginDomain', /without a path/],
      ['a clear-text domain off this machine', { managedLoginDomain: 'http://x.example.com' }, 'managedLoginDomain', /https:\/\//],
      ['a provider name with a space', { identityProviders: ['My Okta'] }, 'identityProviders', /“My Okta” is not a provider name/],
      ['COGNITO as a provider', { identityProviders: ['COGNITO'] }, 'identityProviders', /Use the sign-in page/],
      ['a scope with a quote', { oauthScopes: ['openid', 'aws.cognito.signin.user.admin', 'a"b'] }, 'oauthScopes', /“a"b” is not a scope/],
      ['scopes without openid', { oauthScopes: ['email', 'aws.cognito.signin.user.admin'] }, 'oauthScopes', /Keep openid/],
      ['scopes without the user-pool API', { oauthScopes: ['openid'] }, 'oauthScopes', /Keep aws\.cognito\.signin\.user\.admin/],
    ])('rejects %s with a sentence for that field', (_, change, field, sentence) => {
      const errors = validateSettings({ ...HOSTED, ...change });
      expect(Object.keys(errors)).toEqual([field]);
      expect(errors[field]).toMatch(sentence);
      expect(errors[field]).toMatch(/\.$/);
    });

    it('asks for the domain when providers are set without one', () => {
      expect(validateSettings({ ...AWS, identityProviders: ['Google'] })).toEqual({ managedLoginDomain: 'Enter the managed-login domain: the providers are reached through it.' });
    });

    it('reads the domain and providers from the build', () => {
      const s = defaultSettings({ VITE_MANAGED_LOGIN_DOMAIN: 'localhost:9230', VITE_IDENTITY_PROVIDERS: 'StandIn, Google' });
      expect(s.managedLoginDomain).toBe('https://localhost:9230');
      expect(s.identityProviders).toEqual(['StandIn', 'Google']);
      expect(defaultSettings({})).not.toHaveProperty('managedLoginDomain');
    });

    it('keeps the session when only managed-login settings change', () => {
      expect(sameCognitoConfig(AWS, HOSTED)).toBe(true);
    });
  });
});
