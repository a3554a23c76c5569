import { describe, expect, it } from 'vitest';
import { attributeClaims, newSignIn } from './issue-tokens.ts';

describe('ID-token claims from the user attributes', () => {
  it('carries every attribute but sub, with the *_verified ones as booleans', () => {
    const user = {
      Username: 'u1',
      Attributes: [
        { Name: 'sub', Value: 's1' },
        { Name: 'email', Value: 'a@b.c' },
        { Name: 'email_verified', Value: 'false' },
        { Name: 'phone_number_verified', Value: 'true' },
        { Name: 'name', Value: 'Andrew' },
        { Name: 'preferred_username', Value: 'andrewbrown' },
        { Name: 'nickname' },
      ],
    };
    expect(attributeClaims(user)).toEqual({
      email: 'a@b.c',
      email_verified: false,
      phone_number_verified: true,
      name: 'Andrew',
      preferred_username: 'andrewbrown',
    });
  });

  it('an unknown user adds nothing', () => {
    expect(attributeClaims(undefined)).toEqual({});
  });
});

describe('a new sign-in', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it.each([
    ['auth_time', { auth_time: 10, iat: 20 }, 10],
    ['iat without auth_time', { iat: 20 }, 20],
    ['neither', {}, 1_800_000_000],
  ])('takes its auth_time from %s', (_case, payload, authTime) => {
    const signIn = newSignIn(`h.${b64(payload)}.s`, 1_800_000_000_000);
    expect(signIn).toEqual({ originJti: expect.stringMatching(/^[0-9a-f-]{36}$/), authTime });
  });

  it('each sign-in gets its own origin_jti', () => {
    expect(newSignIn(undefined).originJti).not.toBe(newSignIn(undefined).originJti);
  });
});
