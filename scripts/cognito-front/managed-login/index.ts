/**
 * Managed login: the pool's hosted pages and OAuth 2.0 endpoints, as AWS's "User pool endpoints
 * and managed login reference" describes them (README.md beside this file), plus the user-pool
 * API operations they bring (identity providers, passkeys, OAuth settings on app clients).
 *
 * front.ts wires it in a few lines: `createManagedLogin` before the front's CognitoDb and
 * handlers (which take `usernameAlias` and `extraClaims` from it), `connect` once the handlers
 * exist, `handle` before the Cognito API, and `operations` over the front's own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CognitoDb } from '../cognito-db.ts';
import { CognitoError } from '../errors.ts';
import type { ExtraClaims, IssueContext } from '../issue-tokens.ts';
import type { FrontState } from '../front-state.ts';
import type { Json, Upstream } from '../srp-sign-in.ts';
import type { Claims } from '../tokens.ts';
import { PASSKEY_SCRIPT } from './browser-script.ts';
import { validateOAuthSettings } from './clients.ts';
import { serveDiscovery } from './discovery.ts';
import { createFederation, discoverIssuer } from './federation.ts';
import { createGrants } from './grants.ts';
import { createHostedPages } from './hosted-pages.ts';
import { sendScript, type Request } from './http.ts';
import { createIdentityProviderOperations } from './identity-providers.ts';
import { createOAuthEndpoints, type FrontCall } from './oauth-endpoints.ts';
import { createPasskeyRoutes } from './passkey-routes.ts';
import { Passkeys } from './passkeys.ts';
import { HostedSessions } from './sessions.ts';
import { ManagedLoginStore } from './store.ts';

export interface ManagedLoginOptions {
  /** cognito-local's working dir: managed login keeps `.cognito/managed-login.json` there. */
  dataDir: string;
  upstream: Upstream;
  /** `iss` of a pool's tokens. */
  issuer: (poolId: string) => string;
  /** Managed login's host name, WebAuthn's relying-party id (`localhost`: WebAuthn refuses an IP address). */
  host: string;
  /** Managed login's origin on that host, e.g. `http://localhost:9230` (known once the front listens). */
  managedLoginUrl: () => string;
}

/** What managed login needs of the front once its handlers exist. */
export interface FrontParts {
  db: CognitoDb;
  state: FrontState;
  /** The front's operations (before managed login's are laid over them). */
  operations: Record<string, (req: Json) => Promise<Json>>;
  checkAccess: (token: unknown, scope?: string) => Claims;
}

type Route = (req: Request, res: ServerResponse) => Promise<void>;

export function createManagedLogin(o: ManagedLoginOptions) {
  const store = new ManagedLoginStore(o.dataDir);
  let routes: Record<string, Route> = {};
  let connected: FrontParts | undefined;
  const front = (): FrontParts => {
    if (!connected) throw new Error('managed login is not connected to the front yet');
    return connected;
  };

  const poolExists = async (poolId: string) => {
    try {
      await o.upstream('DescribeUserPool', { UserPoolId: poolId });
      return true;
    } catch (error) {
      if (error instanceof CognitoError && error.code === 'ResourceNotFoundException') return false;
      throw error;
    }
  };

  const identityProviders = createIdentityProviderOperations({ store, upstream: o.upstream, discover: discoverIssuer });
  const providerNames = (poolId: unknown) => (typeof poolId === 'string' ? store.providers(poolId).map((p) => p.ProviderName) : []);
  /** Create/UpdateUserPoolClient: AWS's checks on the OAuth settings, then the front's own call. */
  const clientCall = (op: 'CreateUserPoolClient' | 'UpdateUserPoolClient') => async (req: Json) => {
    validateOAuthSettings(req, providerNames(req.UserPoolId));
    const call = front().operations[op];
    if (!call) throw new CognitoError('UnknownOperationException', op);
    return call(req);
  };
  let passkeyOperations: Record<string, (req: Json) => Promise<Json>> = {};

  /** Operations managed login adds to the front's, or wraps. */
  const operations: Record<string, (req: Json) => Promise<Json>> = {
    ...identityProviders,
    CreateUserPoolClient: clientCall('CreateUserPoolClient'),
    UpdateUserPoolClient: clientCall('UpdateUserPoolClient'),
    ...Object.fromEntries(
      ['StartWebAuthnRegistration', 'CompleteWebAuthnRegistration', 'ListWebAuthnCredentials', 'DeleteWebAuthnCredential'].map((op) => [
        op,
        (req: Json) => {
          const handler = passkeyOperations[op];
          if (!handler) throw new Error('managed login is not connected to the front yet');
          return handler(req);
        },
      ]),
    ),
  };

  /** The claims a sign-in's tokens carry besides cognito-local's (issue-tokens.ts): scope, federated name, identities. */
  const extraClaims = ({ poolId, username, originJti }: { poolId: string; username: string; originJti: string }): ExtraClaims => {
    const extra: Required<ExtraClaims> = { access: {}, id: {} };
    const scope = store.grant(originJti)?.scope;
    if (scope) extra.access.scope = scope;
    const federated = store.federatedNameOf(poolId, username);
    if (federated) {
      extra.access.username = federated;
      extra.id['cognito:username'] = federated;
      extra.id.identities = store.federated(poolId, federated)?.identities;
    }
    return extra;
  };

  let userAuth: ReturnType<typeof createPasskeyRoutes> | undefined;

  return {
    operations,

    /** The cognito-local user behind a federated username (`<Provider>_<sub>`), for the front's CognitoDb. */
    usernameAlias: (poolId: string, username: string) => store.federated(poolId, username)?.localUsername,

    extraClaims,

    /** Completes the wiring once the front's handlers exist. */
    connect(parts: FrontParts): void {
      connected = parts;
      const call: FrontCall = (op, body) => {
        const handler = { ...parts.operations, ...operations }[op];
        if (!handler) throw new CognitoError('UnknownOperationException', op);
        return handler(body);
      };
      const issue: IssueContext = { db: parts.db, state: parts.state, issuer: o.issuer, extraClaims };
      const grants = createGrants({ db: parts.db, upstream: o.upstream, store, issue, revoke: async (clientId, token) => void (await call('RevokeToken', { ClientId: clientId, Token: token })) });
      const passkeys = new Passkeys(store, o.host);
      const sessions = new HostedSessions();
      const federation = createFederation({ store, upstream: o.upstream });
      const base = () => o.managedLoginUrl();
      const hosted = createHostedPages({ db: parts.db, store, grants, passkeys, sessions, federation, call, base });
      const oauth = createOAuthEndpoints({ db: parts.db, grants, store, call, checkAccess: parts.checkAccess });
      userAuth = createPasskeyRoutes({ db: parts.db, passkeys, sessions, grants, checkAccess: parts.checkAccess });
      passkeyOperations = userAuth.operations;
      routes = {
        '/oauth2/authorize': hosted.authorize,
        '/login': hosted.login,
        '/oauth2/idpresponse': hosted.idpResponse,
        '/logout': hosted.logout,
        '/error': hosted.error,
        '/oauth2/token': oauth.token,
        '/oauth2/userInfo': oauth.userInfo,
        '/oauth2/revoke': oauth.revoke,
        '/passkeys/add': userAuth.addPage,
        '/managed-login/passkeys.js': async (_req, res) => sendScript(res, PASSKEY_SCRIPT),
      };
    },

    /** USER_AUTH's WEB_AUTHN challenge (see passkey-routes.ts), for the front's InitiateAuth and RespondToAuthChallenge. */
    webAuthn: {
      start: (s: { clientId: string; poolId: string; username: string }) => {
        if (!userAuth) throw new Error('managed login is not connected to the front yet');
        return userAuth.startWebAuthnChallenge(s);
      },
      answer: (req: Json) => {
        if (!userAuth) throw new Error('managed login is not connected to the front yet');
        return userAuth.answerWebAuthnChallenge(req);
      },
      /** Whether the user has a passkey (USER_AUTH offers WEB_AUTHN only then). */
      has: (poolId: string, username: string) => store.passkeys(poolId, username).length > 0,
    },

    /** Answers the request if its path is managed login's; false otherwise (the body is already read). */
    async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
      const url = new URL(req.url ?? '/', o.managedLoginUrl());
      const method = req.method ?? 'GET';
      if (method === 'GET' && (await serveDiscovery({ issuer: o.issuer, managedLoginUrl: o.managedLoginUrl(), poolExists }, url.pathname, res))) return true;
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
      if (!route || (method !== 'GET' && method !== 'POST')) return false;
      await route({ method, url, headers: req.headers, body }, res);
      return true;
    },
  };
}

export type ManagedLogin = ReturnType<typeof createManagedLogin>;
