/**
 * One raw Cognito JSON call, for tests that check the wire itself (status, `__type`,
 * `x-amzn-errortype`). Given credentials, it signs the request with SigV4 as the AWS SDK would
 * (same signer), so it can make the administrative calls the front only takes signed.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256, type LocalCredentials } from '../../scripts/cognito-front/sigv4.ts';

// Cognito's wire JSON, read by field path in assertions: typing every reply adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface CallResult {
  status: number;
  body: Json;
  errorType: string | null;
}

/** The headers of a POST of `body` to `url`, signed for cognito-idp with `credentials`. */
export async function signedHeaders(url: string, headers: Record<string, string>, body: string, credentials: LocalCredentials): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'cognito-idp', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign({ method: 'POST', protocol: target.protocol, hostname: target.hostname, port: Number(target.port), path: target.pathname, query: {}, headers: { ...headers, host: target.host }, body });
  const { host: _host, ...rest } = signed.headers;
  return rest;
}

/** Calls `op` at `url`; signs when `credentials` are given. */
export async function cognitoCall(url: string, op: string, body: Json, credentials?: LocalCredentials): Promise<CallResult> {
  const text = JSON.stringify(body);
  const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  const headers = credentials ? await signedHeaders(url, base, text, credentials) : base;
  const res = await fetch(url, { method: 'POST', headers, body: text });
  return { status: res.status, body: (await res.json()) as Json, errorType: res.headers.get('x-amzn-errortype') };
}
