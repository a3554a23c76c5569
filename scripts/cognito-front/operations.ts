/**
 * The Cognito user pools API as AWS defines it, read from the AWS SDK's own model (every
 * `<Operation>$` schema @aws-sdk/client-cognito-identity-provider exports), so the front knows
 * every operation AWS has, which ones AWS authorises with IAM, and what each input must hold:
 * - an operation the SDK does not know: `UnknownOperationException`, as AWS answers a wrong
 *   X-Amz-Target;
 * - a required member missing: AWS's validation message, "1 validation error detected: Value
 *   null at 'clientId' failed to satisfy constraint: Member must not be null";
 * - a member of the wrong JSON type: `SerializationException`, as AWS's JSON protocol answers.
 *
 * Required members: each input schema lists them first and gives their count as its last element
 * (the optional number of @smithy/types' public `StaticStructureSchema`). That count is the SDK's
 * encoding of the model's `@required` trait, not a documented field, so operations.test.ts pins
 * it against the API reference for the operations this project uses.
 */
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { NormalizedSchema } from '@smithy/core/schema';
import { CognitoError, invalidParameter } from './errors.ts';
import type { Json } from './srp-sign-in.ts';

/**
 * The operations AWS answers without IAM credentials: public, or authorised by an access token or
 * a session (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html,
 * and the SDK's auth scheme for each). Every other operation needs a SigV4 signature.
 */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'AssociateSoftwareToken', 'ChangePassword', 'CompleteWebAuthnRegistration', 'ConfirmDevice', 'ConfirmForgotPassword',
  'ConfirmSignUp', 'DeleteUser', 'DeleteUserAttributes', 'DeleteWebAuthnCredential', 'ForgetDevice', 'ForgotPassword',
  'GetDevice', 'GetTokensFromRefreshToken', 'GetUser', 'GetUserAttributeVerificationCode', 'GetUserAuthFactors',
  'GlobalSignOut', 'InitiateAuth', 'ListDevices', 'ListUserSessions', 'ListWebAuthnCredentials', 'ResendConfirmationCode',
  'RespondToAuthChallenge', 'RevokeToken', 'RevokeUserSession', 'SetUserMFAPreference', 'SetUserSettings', 'SignUp',
  'StartWebAuthnRegistration', 'UpdateAuthEventFeedback', 'UpdateDeviceStatus', 'UpdateUserAttributes',
  'VerifySoftwareToken', 'VerifyUserAttribute',
]);

type StaticOperation = [number, string, string, unknown, unknown, unknown];
const exports = sdk as unknown as Record<string, unknown>;

/** The SDK's schema of `op`'s input, or undefined when AWS has no such operation. */
function inputSchema(op: string): NormalizedSchema | undefined {
  if (!/^[A-Z][A-Za-z]+$/.test(op) || typeof exports[`${op}Command`] !== 'function') return undefined;
  const schema = exports[`${op}$`];
  if (!Array.isArray(schema) || schema[0] !== 9) return undefined;
  return NormalizedSchema.of((schema as StaticOperation)[4] as never);
}

export const isKnownOperation = (op: string): boolean => inputSchema(op) !== undefined;
export const needsSignature = (op: string): boolean => !PUBLIC_OPERATIONS.has(op);

/** AWS names members in messages in lower camel case: `clientId`, `userPoolId`. */
const memberPath = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** The names of `op`'s required input members, in the model's order. */
export function requiredMembers(op: string): string[] {
  const schema = inputSchema(op)?.getSchema();
  if (!Array.isArray(schema)) return [];
  const names = schema[4] as string[];
  const count = typeof schema[6] === 'number' ? schema[6] : 0;
  return names.slice(0, count);
}

/** How Jackson, behind AWS's JSON protocol, words a value of the wrong kind. */
function kindError(value: unknown): CognitoError {
  const found = Array.isArray(value) ? 'Start of list found where not expected' : typeof value === 'object' ? 'Start of structure or map found where not expected' : `${typeof value === 'string' ? 'STRING' : typeof value === 'boolean' ? 'BOOLEAN' : 'NUMBER'}_VALUE can not be converted to the expected type`;
  return new CognitoError('SerializationException', `${found}.`);
}

/** Whether `value` has the JSON shape `member` takes (a top-level check: the SDK's own serializer rules). */
function fits(member: NormalizedSchema, value: unknown): boolean {
  if (member.isListSchema()) return Array.isArray(value);
  if (member.isMapSchema() || member.isStructSchema() || member.isUnionSchema()) return typeof value === 'object' && !Array.isArray(value);
  if (member.isBooleanSchema()) return typeof value === 'boolean';
  if (member.isNumericSchema() || member.isTimestampSchema()) return typeof value === 'number' || (member.isTimestampSchema() && typeof value === 'string');
  if (member.isStringSchema() || member.isBlobSchema()) return typeof value === 'string';
  return true;
}

/**
 * Checks `body` against `op`'s input as AWS does before any work: member types
 * (SerializationException), then required members (InvalidParameterException with AWS's
 * "N validation error(s) detected" text). A JSON null counts as absent, as on AWS.
 */
export function validateInput(op: string, body: Json): void {
  const schema = inputSchema(op);
  if (!schema) throw new CognitoError('UnknownOperationException', `The operation ${op} is not known to Amazon Cognito user pools.`);
  for (const [name, member] of schema.structIterator()) {
    const value = body[name];
    if (value !== undefined && value !== null && !fits(member, value)) throw kindError(value);
  }
  const absent = requiredMembers(op).filter((name) => body[name] === undefined || body[name] === null);
  if (absent.length === 0) return;
  const detail = absent.map((name) => `Value null at '${memberPath(name)}' failed to satisfy constraint: Member must not be null`);
  throw invalidParameter(`${absent.length} validation error${absent.length > 1 ? 's' : ''} detected: ${detail.join('; ')}`);
}
