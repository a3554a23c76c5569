import { describe, expect, it } from 'vitest';
import { describeMfa, mfaConfigInput, parseMfaMode } from './pool-mfa.ts';

describe('COGNITO_MFA', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['ON', 'ON'],
    ['optional', 'OPTIONAL'],
    [' off ', 'OFF'],
  ])('reads %j as %j', (raw, mode) => {
    expect(parseMfaMode(raw)).toBe(mode);
  });

  it.each(['YES', 'true', 'REQUIRED'])('refuses %j with a sentence naming the choices', (raw) => {
    expect(() => parseMfaMode(raw)).toThrow(`COGNITO_MFA=${raw} is not one of OFF, OPTIONAL, ON.`);
  });

  it('turns on both kinds the front knows, with the mode asked for', () => {
    expect(mfaConfigInput('local_pool', 'ON')).toEqual({
      UserPoolId: 'local_pool',
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: 'Your Cruddur sign-in code', Message: 'Your Cruddur sign-in code is {####}.' },
    });
  });

  it.each([
    ['ON', /^Two-step verification: ON \(COGNITO_MFA\), required for every user/],
    ['OPTIONAL', /^Two-step verification: OPTIONAL \(COGNITO_MFA\), optional/],
    ['OFF', /^Two-step verification: OFF \(COGNITO_MFA\)\.$/],
  ] as const)('says what %s means in one line', (mode, line) => {
    expect(describeMfa(mode)).toMatch(line);
  });
});
