// The operation catalogue read from the AWS SDK's model: the required members are pinned here
// against AWS's API reference ("Required: Yes"), so a change in how the SDK encodes them fails
// loudly instead of quietly letting requests through.
import { describe, expect, it } from 'vitest';
import { isKnownOperation, needsSignature, PUBLIC_OPERATIONS, requiredMembers, validateInput } from './operations.ts';

describe('the operations AWS has', () => {
  it.each([
    ['InitiateAuth', ['AuthFlow', 'ClientId']],
    ['RespondToAuthChallenge', ['ClientId', 'ChallengeName']],
    ['SignUp', ['ClientId', 'Username']],
    ['ConfirmSignUp', ['ClientId', 'Username', 'ConfirmationCode']],
    ['GetUser', ['AccessToken']],
    ['ConfirmDevice', ['AccessToken', 'DeviceKey']],
    ['GetTokensFromRefreshToken', ['RefreshToken', 'ClientId']],
    ['AdminInitiateAuth', ['UserPoolId', 'ClientId', 'AuthFlow']],
    ['AdminSetUserPassword', ['UserPoolId', 'Username', 'Password']],
    ['ListUsers', ['UserPoolId']],
    ['CreateUserPoolClient', ['UserPoolId', 'ClientName']],
  ])('%s requires %j, as its API reference page says', (op, required) => {
    expect(requiredMembers(op)).toEqual(required);
  });

  it.each(['ListEverything', 'constructor', '__proto__', 'toString', '', 'initiateAuth'])('%j is no operation', (op) => {
    expect(isKnownOperation(op)).toBe(false);
  });

  it('every public operation is one AWS has; the administrative ones need a signature', () => {
    for (const op of PUBLIC_OPERATIONS) expect(isKnownOperation(op)).toBe(true);
    expect(needsSignature('InitiateAuth')).toBe(false);
    expect(needsSignature('GetUser')).toBe(false);
    for (const op of ['ListUsers', 'AdminSetUserPassword', 'AdminInitiateAuth', 'CreateUserPool', 'DescribeUserPoolClient', 'SetUserPoolMfaConfig', 'CreateIdentityProvider']) {
      expect(needsSignature(op)).toBe(true);
    }
  });
});

describe('input checked as AWS checks it', () => {
  it.each([
    ['InitiateAuth', {}, 'InvalidParameterException', "2 validation errors detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null; Value null at 'clientId' failed to satisfy constraint: Member must not be null"],
    ['GetUser', { AccessToken: null }, 'InvalidParameterException', "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null"],
    ['InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: 'c', AuthParameters: ['x'] }, 'SerializationException', 'Start of list found where not expected.'],
    ['SignUp', { ClientId: 'c', Username: { a: 1 } }, 'SerializationException', 'Start of structure or map found where not expected.'],
    ['AdminSetUserPassword', { UserPoolId: 'p', Username: 'u', Password: 'x', Permanent: 'yes' }, 'SerializationException', 'STRING_VALUE can not be converted to the expected type.'],
    ['Nope', {}, 'UnknownOperationException', 'The operation Nope is not known to Amazon Cognito user pools.'],
  ])('%s %j: %s', (op, body, code, message) => {
    expect(() => validateInput(op, body)).toThrow(expect.objectContaining({ code, message }));
  });

  it('a complete request passes', () => {
    expect(() => validateInput('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'u' } })).not.toThrow();
  });
});
