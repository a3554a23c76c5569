/**
 * One small typed client for the Cognito user-pool calls amazon-cognito-identity-js has no
 * public API for (choice-based sign-in, challenges answered from a stored session, the refresh
 * operation of rotating clients, devices, the signed-in user's own settings). Each call is the
 * documented JSON protocol: an HTTPS POST to the pool's endpoint with
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>` and
 * `Content-Type: application/x-amz-json-1.1`. Errors come back as `CognitoServiceError`, named
 * by the `x-amzn-errortype` header or the body's `__type`; `toAuthError` maps them once.
 */

/** Tokens as Cognito answers them. */
export interface AuthenticationResultType {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  /** A new device in a pool that tracks devices: what ConfirmDevice needs. */
  NewDeviceMetadata?: { DeviceKey?: string; DeviceGroupKey?: string };
}

/** What InitiateAuth and RespondToAuthChallenge answer. */
export interface ChallengeAnswer {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  /** USER_AUTH: the first factors this user may choose (SELECT_CHALLENGE). */
  AvailableChallenges?: string[];
  AuthenticationResult?: AuthenticationResultType;
}

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: string;
  AttributeName?: string;
}

export interface AttributeType {
  Name: string;
  Value?: string;
}

export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}

type Empty = Record<string, never>;

/** Each operation this client makes, with the request and response members we use. */
export interface CognitoOperations {
  InitiateAuth: {
    request: { AuthFlow: string; ClientId: string; AuthParameters: Record<string, string>; Session?: string };
    response: ChallengeAnswer;
  };
  RespondToAuthChallenge: {
    request: { ClientId: string; ChallengeName: string; Session?: string; ChallengeResponses: Record<string, string> };
    response: ChallengeAnswer;
  };
  GetTokensFromRefreshToken: {
    request: { ClientId: string; RefreshToken: string; DeviceKey?: string };
    response: { AuthenticationResult?: AuthenticationResultType };
  };
  SignUp: {
    request: { ClientId: string; Username: string; Password?: string; UserAttributes: AttributeType[] };
    response: { UserConfirmed?: boolean; UserSub?: string; CodeDeliveryDetails?: CodeDeliveryDetailsType; Session?: string };
  };
  ConfirmSignUp: {
    request: { ClientId: string; Username: string; ConfirmationCode: string };
    response: { Session?: string };
  };
  GetUser: {
    request: { AccessToken: string };
    response: { Username?: string; UserAttributes?: AttributeType[]; UserMFASettingList?: string[]; PreferredMfaSetting?: string };
  };
  AssociateSoftwareToken: {
    request: { AccessToken: string } | { Session: string };
    response: { SecretCode?: string; Session?: string };
  };
  VerifySoftwareToken: {
    request: ({ AccessToken: string } | { Session: string }) & { UserCode: string };
    response: { Status?: string; Session?: string };
  };
  SetUserMFAPreference: {
    request: { AccessToken: string; SoftwareTokenMfaSettings: { Enabled: boolean; PreferredMfa: boolean } };
    response: Empty;
  };
  RevokeToken: { request: { Token: string; ClientId: string }; response: Empty };
  GlobalSignOut: { request: { AccessToken: string }; response: Empty };
  ConfirmDevice: {
    request: { AccessToken: string; DeviceKey: string; DeviceName?: string; DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string } };
    response: { UserConfirmationNecessary?: boolean };
  };
  UpdateDeviceStatus: {
    request: { AccessToken: string; DeviceKey: string; DeviceRememberedStatus: 'remembered' | 'not_remembered' };
    response: Empty;
  };
  ListDevices: {
    request: { AccessToken: string; Limit?: number; PaginationToken?: string };
    response: { Devices?: DeviceType[]; PaginationToken?: string };
  };
  ForgetDevice: { request: { AccessToken: string; DeviceKey: string }; response: Empty };
}

export type CognitoOperationName = keyof CognitoOperations;
export type RequestOf<Op extends CognitoOperationName> = CognitoOperations[Op]['request'];
export type ResponseOf<Op extends CognitoOperationName> = CognitoOperations[Op]['response'];

/**
 * A refused call. `code` and `name` are the bare exception name (`NotAuthorizedException`),
 * `__type` what the service sent; a request that never got an answer is `NetworkError`.
 */
export class CognitoServiceError extends Error {
  readonly code: string;
  override readonly name: string;
  readonly __type: string;
  readonly statusCode: number;

  constructor(o: { type: string; message: string; statusCode: number; cause?: unknown }) {
    super(o.message, o.cause === undefined ? undefined : { cause: o.cause });
    this.__type = o.type;
    this.code = o.type.slice(o.type.lastIndexOf('#') + 1);
    this.name = this.code;
    this.statusCode = o.statusCode;
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface CognitoClient {
  call<Op extends CognitoOperationName>(operation: Op, request: RequestOf<Op>): Promise<ResponseOf<Op>>;
}

/** The body of an answer, or undefined when it is not a JSON object. */
async function jsonBody(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The exception name of a refused call: AWS's `x-amzn-errortype` header (`Name:namespace-uri`),
 * else the body's `__type` (`namespace#Name`); an answer naming none is named by its status.
 */
function errorType(response: Response, body: Record<string, unknown> | undefined): string {
  const header = text(response.headers.get('x-amzn-errortype')?.split(':')[0]);
  const type = header ?? text(body?.__type) ?? text(body?.code);
  if (type) return type;
  return response.status >= 500 ? 'InternalErrorException' : 'UnknownError';
}

/**
 * @param endpoint The pool's endpoint (`cognitoEndpoint(config)`).
 * @param fetchImpl Unit tests pass a fake; read at call time otherwise, so a stubbed global works.
 */
export function createCognitoClient(endpoint: string, fetchImpl?: FetchLike): CognitoClient {
  return {
    async call(operation, request) {
      const send = fetchImpl ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
      let response: Response;
      try {
        response = await send(endpoint, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-amz-json-1.1',
            'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
          },
          body: JSON.stringify(request),
          cache: 'no-store',
        });
      } catch (e) {
        throw new CognitoServiceError({ type: 'NetworkError', message: 'Network error', statusCode: 0, cause: e });
      }
      const body = await jsonBody(response);
      if (response.ok && body) return body as ResponseOf<typeof operation>;
      if (response.ok) throw new CognitoServiceError({ type: 'UnknownError', message: 'The answer was not JSON.', statusCode: response.status });
      const message = text(body?.message) ?? text(body?.Message) ?? text(response.headers.get('x-amzn-errormessage')) ?? '';
      throw new CognitoServiceError({ type: errorType(response, body), message, statusCode: response.status });
    },
  };
}
