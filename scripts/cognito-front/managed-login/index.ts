/**
 * Managed login: the pool's hosted pages and OAuth 2.0 endpoints, as AWS's "User pool endpoints
 * and managed login reference" describes them (README.md beside this file). front.ts mounts
 * `handle` before its Cognito API and pass-through, so every path here is answered by the front.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError } from '../errors.ts';
import type { Upstream } from '../srp-sign-in.ts';
import { serveDiscovery } from './discovery.ts';

export interface ManagedLoginOptions {
  upstream: Upstream;
  /** `iss` of a pool's tokens. */
  issuer: (poolId: string) => string;
  /** Managed login's origin (a host name WebAuthn accepts), e.g. `http://localhost:9230`. */
  managedLoginUrl: () => string;
}

export interface ManagedLogin {
  /** Answers the request if its path is managed login's; false otherwise (the body is already read). */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean>;
}

export function createManagedLogin(o: ManagedLoginOptions): ManagedLogin {
  const poolExists = async (poolId: string) => {
    try {
      await o.upstream('DescribeUserPool', { UserPoolId: poolId });
      return true;
    } catch (error) {
      if (error instanceof CognitoError && error.code === 'ResourceNotFoundException') return false;
      throw error;
    }
  };
  return {
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = new URL(req.url ?? '/', 'http://front').pathname;
      return serveDiscovery({ issuer: o.issuer, managedLoginUrl: o.managedLoginUrl(), poolExists }, path, res);
    },
  };
}
