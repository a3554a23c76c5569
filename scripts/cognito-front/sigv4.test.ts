// The signature check against requests the AWS SDK's own signer made: the date window, the scope,
// the signed headers, the body.
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './http-protocol.ts';
import { Sha256, verifySignature, type SignedRequest } from './sigv4.ts';

const KEYS = { accessKeyId: 'AKIALOCAL0123456789A', secretAccessKey: 'a-local-secret-of-forty-characters-long!' };
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

async function signed(o: { at?: number; service?: string; body?: string; keys?: typeof KEYS } = {}): Promise<SignedRequest> {
  const body = o.body ?? '{"UserPoolId":"local_pool"}';
  const signer = new SignatureV4({ service: o.service ?? 'cognito-idp', region: 'us-east-1', credentials: o.keys ?? KEYS, sha256: Sha256 });
  const req = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 9230, path: '/', query: {}, headers: { host: '127.0.0.1:9230', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' }, body },
    { signingDate: new Date(o.at ?? T0) },
  );
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: 'POST', url: '/', headers, body: Buffer.from(body) };
}

describe('SigV4 as AWS checks it', () => {
  it('accepts a request signed with the key, within 5 minutes either way', async () => {
    await expect(verifySignature(await signed(), KEYS, T0)).resolves.toBeUndefined();
    await expect(verifySignature(await signed(), KEYS, T0 + 5 * 60_000)).resolves.toBeUndefined();
    await expect(verifySignature(await signed(), KEYS, T0 - 5 * 60_000)).resolves.toBeUndefined();
  });

  it.each([
    ['no Authorization', async () => ({ ...(await signed()), headers: {} }), T0, 'MissingAuthenticationTokenException'],
    ['another key', async () => signed({ keys: { ...KEYS, accessKeyId: 'AKIAOTHER' } }), T0, 'UnrecognizedClientException'],
    ['the wrong secret', async () => signed({ keys: { ...KEYS, secretAccessKey: 'nope' } }), T0, 'InvalidSignatureException'],
    ['a body changed after signing', async () => ({ ...(await signed()), body: Buffer.from('{"UserPoolId":"other"}') }), T0, 'InvalidSignatureException'],
    ['a signed header changed', async () => { const r = await signed(); return { ...r, headers: { ...r.headers, 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' } }; }, T0, 'InvalidSignatureException'],
    ['another service', async () => signed({ service: 's3' }), T0, 'InvalidSignatureException'],
    ['a date more than 5 minutes old', async () => signed(), T0 + 5 * 60_000 + 1000, 'InvalidSignatureException'],
    ['a date more than 5 minutes ahead', async () => signed(), T0 - 5 * 60_000 - 1000, 'InvalidSignatureException'],
    ['a header that is not SigV4', async () => ({ ...(await signed()), headers: { authorization: 'Bearer abc' } }), T0, 'IncompleteSignatureException'],
    ['a session token nobody issued', async () => { const r = await signed(); return { ...r, headers: { ...r.headers, 'x-amz-security-token': 'x' } }; }, T0, 'UnrecognizedClientException'],
  ])('refuses %s: %s', async (_case, request, now, code) => {
    await expect(verifySignature(await request(), KEYS, now)).rejects.toMatchObject({ code, status: 400 });
  });

  it('words an expired signature as AWS does', async () => {
    await expect(verifySignature(await signed(), KEYS, T0 + 10 * 60_000)).rejects.toMatchObject({
      message: 'Signature expired: 20261206T120000Z is now earlier than 20261206T120500Z (20261206T121000Z - 5 min.)',
    });
  });
});

describe('the Host a request may name', () => {
  it.each([
    ['127.0.0.1:9230', true],
    ['localhost:9230', true],
    ['LOCALHOST', true],
    ['[::1]:9230', true],
    ['127.0.0.1.nip.io:9230', false],
    ['localhost.attacker.test', false],
    ['attacker.test:9230', false],
    ['[::ffff:127.0.0.1]:9230', false],
    ['', false],
  ])('%j: %s', (host, allowed) => {
    expect(isLoopbackHost(host)).toBe(allowed);
  });
});
