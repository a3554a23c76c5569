/**
 * An error the front answers with itself, in the Cognito JSON protocol:
 * HTTP 400, `x-amzn-errortype: <code>` and `{"__type": "<code>", "message": "..."}`.
 */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 400 for Cognito's client errors; cognito-local answers 500 for what it does not support. */
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** AWS's answer to a wrong password or (with PreventUserExistenceErrors) an unknown user. */
export const incorrectCredentials = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);
