/**
 * Token confinement: the access token goes to the Cruddur API and nowhere else. Give it every
 * request a suite observed (Playwright: `context.on('request')`, with
 * PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 to see the worker's own fetches; puppeteer:
 * `page.on('request')`), and it throws, listing each offender, when
 *
 * - an `Authorization` header goes to an origin that is not the API;
 * - an `Authorization` header says `Bearer null`/`Bearer undefined`/`Bearer ` (the original
 *   web app's flaw), to any origin;
 * - any known token (pass `tokens`: access, ID, refresh) shows up in a URL, or in a header of a
 *   request to anywhere but the API (Cognito gets tokens in the body, which is not checked).
 */

export interface ObservedRequest {
  url: string;
  /** Header names in any case; Playwright's `request.headers()` and fetch `Headers` both fit. */
  headers: Record<string, string | string[] | undefined> | Headers;
}

export interface ConfinementOptions {
  /** The API base URL(s) (or origins) allowed to receive the token. */
  api: string | string[];
  /** Token values that must never appear outside an Authorization header to the API. */
  tokens?: (string | null | undefined)[];
}

export interface ConfinementReport {
  checked: number;
  /** Requests that carried an Authorization header (all of them to the API). */
  withAuthorization: number;
}

export class TokenLeakError extends Error {
  override readonly name = 'TokenLeakError';
  constructor(readonly offences: string[]) {
    super(`token confinement violated:\n${offences.map((o) => `  - ${o}`).join('\n')}`);
  }
}

function entries(headers: ObservedRequest['headers']): [string, string][] {
  if (headers instanceof Headers) return [...headers.entries()];
  return Object.entries(headers).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k.toLowerCase(), x]),
  );
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Shortens a URL for the report and never prints a token. */
function safe(url: string, tokens: string[]): string {
  let out = url.length > 120 ? `${url.slice(0, 117)}…` : url;
  for (const t of tokens) out = out.split(t).join('<token>');
  return out;
}

/** Throws TokenLeakError if any observed request breaks confinement; otherwise reports counts. */
export function assertTokenConfined(requests: readonly ObservedRequest[], o: ConfinementOptions): ConfinementReport {
  const apiOrigins = new Set((Array.isArray(o.api) ? o.api : [o.api]).map(origin));
  const tokens = (o.tokens ?? []).filter((t): t is string => typeof t === 'string' && t.length >= 16);
  const offences: string[] = [];
  let withAuthorization = 0;
  for (const req of requests) {
    const toApi = apiOrigins.has(origin(req.url));
    const where = safe(req.url, tokens);
    for (const [name, value] of entries(req.headers)) {
      if (name.toLowerCase() === 'authorization') {
        withAuthorization += 1;
        if (!toApi) offences.push(`Authorization header sent to ${origin(req.url)} (${where})`);
        if (/^\s*bearer\s*(null|undefined)?\s*$/i.test(value)) offences.push(`"${value.trim()}" sent to ${where}`);
        continue;
      }
      if (!toApi && tokens.some((t) => value.includes(t))) offences.push(`a token in header ${name} to ${where}`);
    }
    if (tokens.some((t) => req.url.includes(t))) offences.push(`a token in the URL ${where}`);
  }
  if (offences.length > 0) throw new TokenLeakError(offences);
  return { checked: requests.length, withAuthorization };
}
