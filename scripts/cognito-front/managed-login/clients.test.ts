import { describe, expect, it } from 'vitest';
import { badRedirectUrl, validateOAuthSettings } from './clients.ts';

const valid = { UserPoolId: 'local_abc', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: ['https://app.example/cb'] };

describe("an app client's OAuth settings, checked as AWS checks them", () => {
  it.each([
    ['https', 'https://app.example/cb', undefined],
    ['http on localhost (AWS: for testing)', 'http://localhost:3000/', undefined],
    ["an extension's redirect URL", 'https://abcdefghijklmnop.chromiumapp.org/', undefined],
    ['an app scheme', 'myapp://callback', undefined],
    ['http elsewhere', 'http://app.example/cb', 'must use HTTPS (http is allowed only for localhost)'],
    ['http on 127.0.0.1', 'http://127.0.0.1:3000/', 'must use HTTPS (http is allowed only for localhost)'],
    ['a fragment', 'https://app.example/cb#x', 'must not contain a fragment'],
    ['a relative URL', '/cb', 'is not an absolute URL'],
    ['javascript:', 'javascript:alert(1)', 'is not a redirect URL'],
  ])('a redirect URL with %s: %s', (_case, url, why) => {
    expect(badRedirectUrl(url)).toBe(why);
  });

  it('accepts a complete code-grant client, and one with OAuth off and nothing set', () => {
    expect(() => validateOAuthSettings(valid, [])).not.toThrow();
    expect(() => validateOAuthSettings({ UserPoolId: 'local_abc' }, [])).not.toThrow();
  });

  it.each([
    ['an unknown flow', { AllowedOAuthFlows: ['password'] }, 'InvalidParameterException'],
    ['an unknown scope', { AllowedOAuthScopes: ['openid', 'admin'] }, 'ScopeDoesNotExistException'],
    ['a bad logout URL', { LogoutURLs: ['http://evil.example/'] }, 'InvalidParameterException'],
    ['a provider the pool does not have', { SupportedIdentityProviders: ['COGNITO', 'Google'] }, 'InvalidParameterException'],
    ['OAuth on without flows', { AllowedOAuthFlows: [] }, 'InvalidOAuthFlowException'],
    ['OAuth on without scopes', { AllowedOAuthScopes: [] }, 'InvalidOAuthFlowException'],
    ['the code flow without callback URLs', { CallbackURLs: [] }, 'InvalidOAuthFlowException'],
  ])('refuses %s with %s', (_case, change, code) => {
    expect(() => validateOAuthSettings({ ...valid, ...change }, [])).toThrow(expect.objectContaining({ code }));
  });

  it('accepts a provider the pool has', () => {
    expect(() => validateOAuthSettings({ ...valid, SupportedIdentityProviders: ['COGNITO', 'StandIn'] }, ['StandIn'])).not.toThrow();
  });
});
