/**
 * Managed login in the background: runs the hosted pages in the browser's auth window
 * (`identity.launchWebAuthFlow`), exchanges the code at `/oauth2/token`, and hands the checked
 * tokens to the session owner, so the session is the same as any other (same storage, same single
 * refresh). Also the session's own endpoints: refresh at `/oauth2/token`, sign-out at
 * `/oauth2/revoke` and `/logout`. The checks themselves are in src/auth/managed-login.ts.
 *
 * A closed window changes nothing and says nothing; when managed login's own error page was the
 * reason (redirect mismatch, unknown client), one check request names it.
 */
import { AuthError } from '../auth/errors.ts';
import {
  backAtRedirect,
  beginAuthorization,
  closedWindowCause,
  codeRequest,
  logoutUrl,
  passkeyAddUrl,
  poolIssuer,
  readRedirect,
  readTokenResponse,
  refreshRequest,
  revokeRequest,
  webCrypto,
  type FlowCrypto,
  type FormRequest,
  type ManagedLoginClient,
} from '../auth/managed-login.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { ManagedLoginOutcome } from '../shared/messages.ts';
import { cognitoEndpoint, scopesOf, type Settings } from '../shared/settings.ts';
import type { ManagedLoginEndpoints } from './session-owner.ts';

/** The browser's identity API, as much of it as managed login uses. */
export interface IdentityApi {
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
  getRedirectURL(): string;
}

export interface ManagedLoginOptions {
  identity: IdentityApi;
  fetch?: typeof fetch;
  crypto?: FlowCrypto;
  /**
   * Called every `keepAliveMs` while the auth window is open: an extension API call keeps an MV3
   * worker from stopping while the user signs in (its idle timer restarts at each call).
   */
  keepAlive?: () => Promise<unknown>;
  keepAliveMs?: number;
  /** Each call to the domain's endpoints gives up after this long. */
  timeoutMs?: number;
}

/** Who takes the checked tokens: the session owner (its current auth service). */
export interface TokenTaker {
  readonly settings: Settings;
  readonly auth: Pick<AuthService, 'signInWithTokens'>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEP_ALIVE_MS = 20_000;

/** Chrome's and Firefox's words when the window failed to load (rather than being closed). */
const LOAD_FAILED = /could not be loaded/i;

export class ManagedLogin {
  readonly #o: ManagedLoginOptions;
  readonly #fetch: typeof fetch;
  /** The flow under way: a second click joins it rather than opening a second window. */
  #running: Promise<ManagedLoginOutcome> | null = null;
  /**
   * A sign-out still ending the hosted session: the popup shows the sign-in view as soon as the
   * session is gone locally, and a click there must not find the old hosted session still alive.
   */
  #ending: Promise<void> = Promise.resolve();

  constructor(o: ManagedLoginOptions) {
    this.#o = o;
    this.#fetch = o.fetch ?? ((...a) => fetch(...a));
  }

  /** This browser's redirect URL: the app client must list it as a callback (and sign-out) URL. */
  redirectUrl(): string {
    return this.#o.identity.getRedirectURL();
  }

  /** Signs in through the hosted pages (`provider`: straight to that identity provider). */
  signIn(owner: TokenTaker, o: { provider?: string } = {}): Promise<ManagedLoginOutcome> {
    this.#running ??= this.#signIn(owner, o).finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /**
   * Settings → "Add a passkey": managed login's own page in the auth window (passkeys belong to
   * the domain's host, so only its pages can register one). Closing the window adds nothing and
   * says nothing: `{ added: false }`.
   */
  async addPasskey(settings: Settings): Promise<{ added: boolean }> {
    const client = this.#client(settings);
    await this.#ending;
    const keepAlive = this.#o.keepAlive;
    const timer = keepAlive ? setInterval(() => void keepAlive().catch(() => undefined), this.#o.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS) : undefined;
    let responseUrl: string | undefined;
    try {
      responseUrl = await this.#o.identity.launchWebAuthFlow({ url: passkeyAddUrl(client.domain, client.clientId, client.redirectUri), interactive: true });
    } catch (e) {
      // Closed by the user, or managed login's own error page (which this names by throwing).
      await this.#closed(client, this.#o.crypto ?? webCrypto, e);
      return { added: false };
    } finally {
      clearInterval(timer);
    }
    return { added: !!responseUrl && backAtRedirect(responseUrl, client.redirectUri) };
  }

  /** The session owner's endpoints for a managed-login session. */
  get endpoints(): ManagedLoginEndpoints {
    return {
      refresh: async (settings, refreshToken) => {
        const client = this.#client(settings);
        const { status, body } = await this.#post(refreshRequest(client.domain, client.clientId, refreshToken));
        return readTokenResponse(status, body, { clientId: client.clientId, issuer: client.issuer }, 'refresh');
      },
      end: (settings, refreshToken, o) => {
        const ending = this.#end(settings, refreshToken, o);
        this.#ending = ending.catch(() => undefined);
        return ending;
      },
    };
  }

  async #end(settings: Settings, refreshToken: string, o: { revoke: boolean }): Promise<void> {
    const client = this.#client(settings);
    if (o.revoke) await this.#post(revokeRequest(client.domain, client.clientId, refreshToken)).catch(() => undefined);
    // The hosted session's cookie lives with the auth window's: end it there, without a window.
    await this.#o.identity.launchWebAuthFlow({ url: logoutUrl(client.domain, client.clientId, client.redirectUri), interactive: false }).catch(() => undefined);
  }

  async #signIn(owner: TokenTaker, o: { provider?: string }): Promise<ManagedLoginOutcome> {
    const client = this.#client(owner.settings);
    await this.#ending;
    const random = this.#o.crypto ?? webCrypto;
    const { url, pending } = await beginAuthorization(client, o.provider ? { provider: o.provider } : {}, random);
    let responseUrl: string | undefined;
    const keepAlive = this.#o.keepAlive;
    const timer = keepAlive ? setInterval(() => void keepAlive().catch(() => undefined), this.#o.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS) : undefined;
    try {
      responseUrl = await this.#o.identity.launchWebAuthFlow({ url, interactive: true });
    } catch (e) {
      return this.#closed(client, random, e);
    } finally {
      clearInterval(timer);
    }
    if (!responseUrl) return { kind: 'cancelled' };
    const { code } = readRedirect(responseUrl, pending);
    const { status, body } = await this.#post(codeRequest(pending, code));
    const tokens = readTokenResponse(status, body, { clientId: client.clientId, issuer: client.issuer, nonce: pending.nonce }, 'code');
    const { state } = await owner.auth.signInWithTokens(tokens, 'managed-login');
    return { kind: 'signed-in', state };
  }

  /**
   * The window ended without our redirect: the user closed it (nothing to say), or managed login
   * showed its own error page (its redirect or client check), which a check request names. The
   * check asks for the sign-in page with `prompt=login`, so it can never come back with a code.
   */
  async #closed(client: ManagedLoginClient, random: FlowCrypto, e: unknown): Promise<ManagedLoginOutcome> {
    const failedToLoad = e instanceof Error && LOAD_FAILED.test(e.message);
    const { url } = await beginAuthorization(client, { prompt: 'login' }, random);
    let finalUrl: string;
    try {
      const res = await this.#fetch(url, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(this.#o.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      finalUrl = res.url;
    } catch (cause) {
      if (failedToLoad) throw new AuthError('network', { cause });
      return { kind: 'cancelled' };
    }
    const found = closedWindowCause(finalUrl, client.domain);
    if (found) throw new AuthError(found);
    if (failedToLoad) throw new AuthError('service-unavailable');
    return { kind: 'cancelled' };
  }

  #client(settings: Settings): ManagedLoginClient {
    if (!settings.managedLoginDomain) throw new AuthError('managed-login-not-set-up');
    return {
      domain: settings.managedLoginDomain,
      clientId: settings.clientId,
      redirectUri: this.redirectUrl(),
      scopes: scopesOf(settings),
      issuer: poolIssuer(cognitoEndpoint(settings), settings.userPoolId),
    };
  }

  /** A form POST to the domain: its status and JSON body (null when it sent none). Network failures are `network`. */
  async #post(request: FormRequest): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await this.#fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: request.body.toString(),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new AuthError('network', { cause });
    }
    const body: unknown = await res.json().catch(() => null);
    return { status: res.status, body };
  }
}
