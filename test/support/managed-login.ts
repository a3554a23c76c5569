/**
 * Test helpers for managed login: app clients with OAuth settings, and a minimal user agent
 * (cookie jar, redirects followed by hand, forms filled from the page's own fields) that walks
 * the hosted pages like a browser without scripts. Browser suites use real Chromium instead.
 */
import { CreateUserPoolClientCommand, type CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { StackInfo } from './stack.ts';
import { stackCognito } from './users.ts';

export const CALLBACK = 'http://localhost:3000/callback';
export const SIGNED_OUT = 'http://localhost:3000/signed-out';
export const ALL_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

/** A public app client allowed the code grant, with `overrides` on top. Returns its id. */
export async function oauthClient(stack: StackInfo, overrides: Partial<CreateUserPoolClientCommandInput> = {}): Promise<string> {
  const sdk = stackCognito(stack);
  try {
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: stack.userPoolId,
        ClientName: `oauth-${Math.random().toString(36).slice(2, 8)}`,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ALL_SCOPES,
        CallbackURLs: [CALLBACK],
        LogoutURLs: [SIGNED_OUT],
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: true,
        ...overrides,
      }),
    );
    return created.UserPoolClient?.ClientId ?? '';
  } finally {
    sdk.destroy();
  }
}

/** The hidden and filled fields of the form whose action matches `action` on `html`. */
export function formFields(html: string, action: RegExp): { action: string; fields: Record<string, string> } {
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
  for (const form of html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const target = decode(form[1] ?? '');
    if (!action.test(target)) continue;
    const fields: Record<string, string> = {};
    for (const [input] of (form[2] ?? '').matchAll(/<input[^>]*>/g)) {
      const attribute = (name: string) => decode(new RegExp(`\\s${name}="([^"]*)"`).exec(input)?.[1] ?? '');
      if (attribute('name') && !/type="radio"/.test(input)) fields[attribute('name')] = attribute('value');
    }
    return { action: target, fields };
  }
  throw new Error(`no form with an action like ${action} in:\n${html.slice(0, 2000)}`);
}

/** A browser without scripts: keeps cookies per host, follows redirects until one leaves `hosts`. */
export class UserAgent {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every URL the agent was sent to, in order (to check that no token ever rides in one). */
  readonly visited: string[] = [];

  constructor(private readonly hosts: string[]) {}

  /** GET (or POST a form to) `url`, following redirects on `hosts`; stops at a page or at a redirect elsewhere. */
  async go(url: string, form?: Record<string, string>): Promise<{ url: string; status: number; html: string }> {
    let current = url;
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      this.visited.push(current);
      const target = new URL(current);
      const res = await fetch(target, {
        method: body === undefined ? 'GET' : 'POST',
        redirect: 'manual',
        headers: { cookie: this.cookieHeader(target.host), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
        body,
      });
      this.keep(target.host, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, target).toString();
        if (!this.hosts.includes(new URL(next).host)) {
          this.visited.push(next);
          return { url: next, status: res.status, html: '' };
        }
        current = next;
        body = undefined;
        continue;
      }
      return { url: current, status: res.status, html: await res.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Fills the page's form (by action) with `values` over its own fields, and submits it. */
  async submit(page: { url: string; html: string }, action: RegExp, values: Record<string, string>) {
    const { action: target, fields } = formFields(page.html, action);
    return this.go(new URL(target, page.url).toString(), { ...fields, ...values });
  }

  private cookieHeader(host: string): string {
    // Cookies do not isolate by port: localhost:* share them, as in a browser.
    const name = host.split(':')[0] ?? host;
    return [...(this.jar.get(name) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(host: string, cookies: string[]) {
    const name = host.split(':')[0] ?? host;
    const jar = this.jar.get(name) ?? new Map<string, string>();
    for (const cookie of cookies) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const [key, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (/max-age=0/i.test(cookie) || value === '') jar.delete(key);
      else jar.set(key, value);
    }
    this.jar.set(name, jar);
  }
}
