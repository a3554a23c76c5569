/**
 * AWS Signature Version 4, checked for real, for the operations AWS authorises with IAM (every
 * `Admin*` operation, ListUsers, Create/Update/Describe/DeleteUserPool(Client), ...: see
 * operations.ts). The front recomputes the signature with @smithy/signature-v4, the signer the
 * AWS SDK itself uses, over exactly the headers the caller signed, and compares.
 *
 * The errors are AWS's for a JSON-protocol service (HTTP 400, `__type` as below):
 * - no Authorization header: `MissingAuthenticationTokenException` "Missing Authentication Token",
 *   as cognito-idp answers an unsigned DescribeUserPool
 *   (https://github.com/awslabs/aws-sdk-ios-samples/issues/108: x-amzn-ErrorType and a body of
 *   exactly that length);
 * - an access key nobody issued: `UnrecognizedClientException` "The security token included in
 *   the request is invalid." (cognito-idp's AdminInitiateAuth with a bad key,
 *   https://github.com/ArranJacques/laravel-aws-cognito-auth/issues/25);
 * - a header that is not a SigV4 one: `IncompleteSignatureException`; a wrong signature, a wrong
 *   scope or a stale date: `InvalidSignatureException` (DynamoDB's developer guide lists all four
 *   as 400s of the JSON protocol: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 * The region in the scope is not checked: one local front serves every region, as cognito-local does.
 */
import { createHash, createHmac, timingSafeEqual, type Hash as NodeHash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { CognitoError } from './errors.ts';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the verifier needs of an HTTP request (its body already read). */
export interface SignedRequest {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const SERVICE = 'cognito-idp';
/** AWS refuses a signature dated more than 5 minutes from its clock (see the messages below). */
const SKEW_MS = 5 * 60_000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const missing = () => new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
const unrecognized = () => new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
const invalid = (message: string) => new CognitoError('InvalidSignatureException', message);
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** node:crypto behind the Hash interface @smithy/signature-v4 takes (an HMAC when given a secret); tests sign with it too. */
export class Sha256 {
  private readonly hash: NodeHash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
const bytes = (data: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

const compact = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * Resolves when `req` carries a valid SigV4 signature by `credentials`; rejects with AWS's error
 * otherwise. `nowMs` is the front's clock.
 */
export async function verifySignature(req: SignedRequest, credentials: LocalCredentials, nowMs: number): Promise<void> {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw missing();
  const match = AUTHORIZATION.exec(String(header));
  if (!match) {
    throw new CognitoError('IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters in AWS4-HMAC-SHA256 form. Authorization=${String(header).split(' ')[0]}`);
  }
  const [, accessKeyId = '', scopeDate = '', region = '', service = '', signedList = '', signature = ''] = match;
  // Local credentials are long-term keys: a session token names credentials nobody here issued.
  if (accessKeyId !== credentials.accessKeyId || req.headers['x-amz-security-token'] !== undefined) throw unrecognized();
  const rawDate = String(req.headers['x-amz-date'] ?? '');
  const parts = AMZ_DATE.exec(rawDate);
  if (!parts) throw new CognitoError('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const [, y, mo, d, h, mi, s] = parts.map(Number);
  const signedAt = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
  if (scopeDate !== rawDate.slice(0, 8)) {
    throw invalid(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${rawDate.slice(0, 8)}', from '${rawDate}'.`);
  }
  if (service !== SERVICE) throw invalid(`Credential should be scoped to correct service: '${SERVICE}'.`);
  const now = new Date(nowMs);
  if (signedAt.getTime() < nowMs - SKEW_MS) {
    throw invalid(`Signature expired: ${rawDate} is now earlier than ${compact(new Date(nowMs - SKEW_MS))} (${compact(now)} - 5 min.)`);
  }
  if (signedAt.getTime() > nowMs + SKEW_MS) {
    throw invalid(`Signature not yet current: ${rawDate} is still later than ${compact(new Date(nowMs + SKEW_MS))} (${compact(now)} + 5 min.)`);
  }
  const signed = signedList.split(';');
  if (!signed.includes('host')) throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  // The signer takes a declared payload hash at its word: hold it to the body actually sent.
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== createHash('sha256').update(req.body).digest('hex')) {
    throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) throw invalid(MISMATCH);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(req.url, 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256, applyChecksum: false });
  const expected = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: headers.host ?? '', path: url.pathname, query, headers, body: req.body },
    { signingDate: signedAt, signingRegion: region, signingService: service, signableHeaders: new Set(signed) },
  );
  const computed = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? expected.headers.Authorization ?? ''))?.[1] ?? '';
  const given = Buffer.from(signature, 'hex');
  const wanted = Buffer.from(computed, 'hex');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw invalid(MISMATCH);
}
