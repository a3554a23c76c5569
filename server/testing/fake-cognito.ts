// Test double of a Cognito user pool, over real HTTP on 127.0.0.1: it serves the JWKS (and
// counts fetches) and answers GetUser, like cognito-local does. Tokens are signed here with a
// fresh RSA key, so tests exercise the real verifier end to end without any mock.
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  sub: string;
  username: string;
  email: string;
  name: string;
  handle: string;
}

export interface SignOptions {
  alg?: 'RS256' | 'HS256' | 'none';
  kid?: string | null;
  /** Sign with this key instead of the pool's (tampering). */
  privateKey?: KeyObject;
}

export interface FakeCognito {
  url: string;
  poolId: string;
  issuer: string;
  jwksUri: string;
  clientId: string;
  kid: string;
  publicPem: string;
  /** Requests the JWKS route has served. */
  jwksHits(): number;
  getUserHits(): number;
  addUser(user: FakeUser): void;
  /** Cognito-shaped access token for `user`; `claims` override or add claims. */
  accessToken(user: FakeUser, claims?: Record<string, unknown>, o?: SignOptions): string;
  sign(payload: Record<string, unknown>, o?: SignOptions): string;
  /** Key rotation: publishes a new key in the JWKS and returns how to sign with it. */
  addKey(kid: string): SignOptions;
  /** Makes GetUser answer NotAuthorizedException for this token (revocation). */
  revoke(token: string): void;
  close(): Promise<void>;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export async function startFakeCognito(poolId = 'local_testpool', clientId = 'client-ext'): Promise<FakeCognito> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const keys = [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }];
  const users = new Map<string, FakeUser>();
  const revoked = new Set<string>();
  let jwksHits = 0;
  let getUserHits = 0;

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === `/${poolId}/.well-known/jwks.json`) {
      jwksHits += 1;
      return send(200, { keys });
    }
    if (req.method === 'POST' && req.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.GetUser') {
      getUserHits += 1;
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const token = String((JSON.parse(body) as { AccessToken?: string }).AccessToken ?? '');
        const payload = decodePayload(token);
        const user = users.get(String(payload?.sub));
        if (!user || revoked.has(token)) {
          return send(400, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' }, 'application/x-amz-json-1.1');
        }
        send(200, {
          Username: user.username,
          UserAttributes: [
            { Name: 'sub', Value: user.sub },
            { Name: 'email', Value: user.email },
            { Name: 'name', Value: user.name },
            { Name: 'preferred_username', Value: user.handle },
          ],
        }, 'application/x-amz-json-1.1');
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/${poolId}`;
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

  function sign(payload: Record<string, unknown>, o: SignOptions = {}): string {
    const alg = o.alg ?? 'RS256';
    const header: Record<string, unknown> = { alg, typ: 'JWT' };
    if (o.kid !== null) header.kid = o.kid ?? kid;
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    if (alg === 'none') return `${input}.`;
    // The classic key-confusion attack: HMAC keyed with the public key a verifier may trust.
    if (alg === 'HS256') return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(o.privateKey ?? privateKey).toString('base64url')}`;
  }

  return {
    url, poolId, issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientId, kid, publicPem,
    jwksHits: () => jwksHits,
    getUserHits: () => getUserHits,
    addUser: (user) => void users.set(user.sub, user),
    addKey(newKid) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      keys.push({ ...pair.publicKey.export({ format: 'jwk' }), kid: newKid, alg: 'RS256', use: 'sig' });
      return { kid: newKid, privateKey: pair.privateKey };
    },
    revoke: (token) => void revoked.add(token),
    sign,
    accessToken(user, claims = {}, o) {
      const now = Math.floor(Date.now() / 1000);
      return sign({
        sub: user.sub, iss: issuer, client_id: clientId, origin_jti: `o-${now}`, event_id: `e-${now}`,
        token_use: 'access', scope: 'aws.cognito.signin.user.admin', auth_time: now,
        iat: now, exp: now + 3600, jti: `j-${Math.random()}`, username: user.username, ...claims,
      }, o);
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function decodePayload(token: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
}
