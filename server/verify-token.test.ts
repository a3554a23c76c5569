// The verifier on its own, in both modes. The AWS mode (CognitoJwtVerifier) is exercised by
// handing it a fetch that serves the AWS JWKS URL from the local fake pool: same checks,
// no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';
import { ALICE } from './testing/harness.ts';
import { createTokenVerifier, TokenError, type TokenVerifier } from './verify-token.ts';

const POOL = 'eu-west-1_AbC123xyz';
const AWS_ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
let fake: FakeCognito;
let aws: TokenVerifier;
const requested: string[] = [];
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startFakeCognito();
  aws = createTokenVerifier({
    issuer: AWS_ISSUER,
    userPoolId: POOL,
    clientIds: [fake.clientId, 'second-client'],
    local: false,
    fetch: (input, init) => {
      requested.push(String(input));
      return fetch(fake.jwksUri, init);
    },
  });
});
afterAll(async () => {
  await fake?.close();
});

const awsToken = (claims: Record<string, unknown> = {}) => fake.accessToken(ALICE, { iss: AWS_ISSUER, ...claims });

describe('createTokenVerifier with local:false (CognitoJwtVerifier)', () => {
  it('a valid access token → sub, username, client_id; the JWKS comes from the pool\'s AWS URL', async () => {
    const v = await aws.verify(awsToken());
    expect(v).toMatchObject({ sub: ALICE.sub, username: ALICE.username, clientId: fake.clientId });
    expect(requested).toEqual([`${AWS_ISSUER}/.well-known/jwks.json`]);
  });

  it('a second configured client id is accepted too', async () => {
    expect((await aws.verify(awsToken({ client_id: 'second-client' }))).clientId).toBe('second-client');
  });

  it.each<[string, () => string, string]>([
    ['ID token', () => awsToken({ token_use: 'id', aud: fake.clientId }), 'not an access token'],
    ['other client', () => awsToken({ client_id: 'intruder' }), 'token of another client'],
    ['cognito-local issuer', () => fake.accessToken(ALICE), 'wrong issuer'],
    ['expired', () => awsToken({ exp: now() - 1 }), 'token expired'],
    ['no exp', () => awsToken({ exp: undefined }), 'malformed token'],
    ['HS256 with the public key', () => fake.accessToken(ALICE, { iss: AWS_ISSUER }, { alg: 'HS256' }), 'unsupported signature algorithm'],
  ])('%s → TokenError invalid_token "%s"', async (_name, token, reason) => {
    const err = await aws.verify(token()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect(err).toMatchObject({ code: 'invalid_token', description: reason });
  });

  it('after all of the above, the JWKS was fetched exactly once', () => {
    expect(aws.stats()).toEqual({ jwksFetches: 1 });
  });
});

describe('createTokenVerifier options', () => {
  it('no client ids → throws at construction, not per request', () => {
    expect(() => createTokenVerifier({ issuer: fake.issuer, userPoolId: fake.poolId, clientIds: [], local: true }))
      .toThrow('clientIds must name at least one app client');
  });

  it('local:true derives the JWKS URL from the issuer (trailing slash tolerated)', async () => {
    const v = createTokenVerifier({ issuer: `${fake.issuer}/`, userPoolId: fake.poolId, clientIds: [fake.clientId], local: true });
    // The token's iss has no trailing slash, so only the JWKS URL derivation is under test here.
    const err = await v.verify(fake.accessToken(ALICE)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_token', description: 'wrong issuer' });
    expect(v.stats().jwksFetches).toBe(1);
  });
});

describe('the verified-token cache', () => {
  it('a token seen before is not checked again until its exp; a changed signature is checked (and refused)', async () => {
    let clock = Date.now();
    let fetches = 0;
    const v = createTokenVerifier({
      issuer: fake.issuer, jwksUri: fake.jwksUri, userPoolId: fake.poolId, clientIds: [fake.clientId], local: true,
      now: () => clock,
      fetch: (input, init) => {
        fetches += 1;
        return fetch(input, init);
      },
    });
    const exp = now() + 60;
    const token = fake.accessToken(ALICE, { exp });
    const first = await v.verify(token);
    expect(await v.verify(token)).toBe(first);
    expect(fetches).toBe(1);
    // The same claims under another signature are not the cached token.
    const [h, p] = token.split('.');
    await expect(v.verify(`${h}.${p}.${'A'.repeat(342)}`)).rejects.toMatchObject({ description: 'bad signature' });
    // Past exp (on the cache's clock) the entry is dropped and the token checked afresh.
    clock = (exp + 1) * 1000;
    expect(await v.verify(token)).not.toBe(first);
  });

  it('cacheSize 0 checks every time', async () => {
    const v = createTokenVerifier({ issuer: fake.issuer, jwksUri: fake.jwksUri, userPoolId: fake.poolId, clientIds: [fake.clientId], local: true, cacheSize: 0 });
    const token = fake.accessToken(ALICE);
    expect(await v.verify(token)).not.toBe(await v.verify(token));
  });
});
