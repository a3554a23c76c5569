// App client settings as AWS applies them (CreateUserPoolClient in the API reference).
import { describe, expect, it } from 'vitest';
import { allowedFlows, clientInput, requireFlow } from './client-settings.ts';

describe('ExplicitAuthFlows', () => {
  it("a client listing none allows AWS's defaults; legacy names count as their ALLOW_ values", () => {
    expect([...allowedFlows({})]).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect([...allowedFlows({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH'] })]).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
  });

  it.each([
    ['USER_AUTH', ['ALLOW_USER_SRP_AUTH']],
    ['ADMIN_NO_SRP_AUTH', ['ALLOW_USER_PASSWORD_AUTH']],
    ['REFRESH_TOKEN', ['ALLOW_USER_AUTH']],
  ])('%s needs its ALLOW_ value', (flow, flows) => {
    expect(() => requireFlow({ ClientId: 'c', UserPoolId: 'p', ExplicitAuthFlows: flows }, flow)).toThrow(`${flow} flow not enabled for this client`);
  });
});

describe('token lifetimes and sessions', () => {
  it.each([
    [{ AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } }, true],
    [{ AccessTokenValidity: 299, TokenValidityUnits: { AccessToken: 'seconds' } }, false],
    [{ IdTokenValidity: 24 }, true],
    [{ IdTokenValidity: 25 }, false],
    [{ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } }, true],
    [{ RefreshTokenValidity: 3650 }, true],
    [{ RefreshTokenValidity: 3651 }, false],
  ])('%j is within AWS\'s ranges: %s', (req, allowed) => {
    const run = () => clientInput(req, false);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow('Invalid range for token validity.');
  });

  it('the development option allows access and ID tokens of seconds, never short refresh tokens', () => {
    expect(() => clientInput({ AccessTokenValidity: 1, IdTokenValidity: 1, TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds' } }, true)).not.toThrow();
    expect(() => clientInput({ RefreshTokenValidity: 1, TokenValidityUnits: { RefreshToken: 'seconds' } }, true)).toThrow('Invalid range for token validity.');
  });

  it("fills AWS's defaults for cognito-local (which would mint 24-hour tokens) and keeps AuthSessionValidity for the front", () => {
    expect(clientInput({ ClientName: 'c', AuthSessionValidity: 10, RefreshTokenRotation: { Feature: 'ENABLED' } }, false)).toEqual({
      upstream: {
        ClientName: 'c',
        AccessTokenValidity: 1,
        IdTokenValidity: 1,
        RefreshTokenValidity: 30,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
      },
      authSessionValidity: 10,
    });
  });

  it('a default lifetime in days becomes minutes (an hour is no whole number of days)', () => {
    expect(clientInput({ TokenValidityUnits: { AccessToken: 'days' } }, false).upstream).toMatchObject({ AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: 'minutes' } });
  });

  it.each([['ALLOW_EVERYTHING'], [42]])('an ExplicitAuthFlows value AWS lacks (%j) is refused', (flow) => {
    expect(() => clientInput({ ExplicitAuthFlows: [flow] }, false)).toThrow(/^1 validation error detected: Value '\[.*\]' at 'explicitAuthFlows'/);
  });
});
