/**
 * The few HTTP answers managed login gives, each with the headers AWS's endpoints send: JSON for
 * the OAuth endpoints (CORS for every origin, as Cognito's token endpoint answers browsers; never
 * cached), HTML for the hosted pages (never framed, scripts only from this origin), redirects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as managed login's routes see it: already read, with its URL parsed. */
export interface Request {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** The body, read whole (forms and token requests are small). */
  body: Buffer;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const CORS = { 'access-control-allow-origin': '*' };
/**
 * The hosted pages run no inline script and load nothing from elsewhere; no site may frame them
 * (a framed sign-in page invites clickjacking).
 */
const PAGE_SECURITY = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS, ...NO_STORE, ...headers, 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...NO_STORE, ...PAGE_SECURITY, ...headers, 'content-type': 'text/html;charset=UTF-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function sendScript(res: ServerResponse, source: string): void {
  res.writeHead(200, { 'content-type': 'text/javascript;charset=UTF-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(source);
}

/** A 302 to `location`, as every managed-login redirect is; `cookies` are Set-Cookie values. */
export function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, { ...NO_STORE, location, ...(cookies.length ? { 'set-cookie': cookies } : {}) });
  res.end();
}

/** The form fields of a POST (application/x-www-form-urlencoded), or the query of a GET. */
export function fields(req: Request): URLSearchParams {
  return req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.url.searchParams;
}

/** The request's cookies by name. */
export function cookies(req: Request): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of `${req.headers.cookie ?? ''}`.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) found.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
  }
  return found;
}

/** A Set-Cookie value for managed login's own cookies: HttpOnly, SameSite=Lax, path /. */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

/** Escapes text for HTML (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
