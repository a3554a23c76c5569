import { describe, expect, it } from 'vitest';
import { passwordPolicyViolation } from './password-policy.ts';

describe('Cognito password policy', () => {
  it.each([
    ['Sh0rt!', 'Password not long enough'],
    ['NO-LOWER-1', 'Password must have lowercase characters'],
    ['no-upper-1', 'Password must have uppercase characters'],
    ['No-Numbers!', 'Password must have numeric characters'],
    ['NoSymbols1', 'Password must have symbol characters'],
  ])('the default policy refuses "%s" with AWS\'s "%s"', (password, rule) => {
    expect(passwordPolicyViolation(password)).toBe(`Password did not conform with policy: ${rule}`);
  });

  it.each(['Cruddur!2026', 'Ab1^aaaa', 'Ab1 inner space', 'Ab1~`=+-x'])('the default policy accepts "%s"', (password) => {
    expect(passwordPolicyViolation(password)).toBeUndefined();
  });

  it('a leading or trailing space is not a symbol', () => {
    expect(passwordPolicyViolation(' Abcdefg1 ')).toMatch(/symbol characters$/);
  });

  it("the pool's own policy wins over the default", () => {
    const lax = { MinimumLength: 6, RequireSymbols: false, RequireUppercase: false };
    expect(passwordPolicyViolation('abc123', lax)).toBeUndefined();
    expect(passwordPolicyViolation('abc12', lax)).toMatch(/not long enough$/);
  });
});
