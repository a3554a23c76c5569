// A stand-in for the ORIGINAL Cruddur backend (backend-flask at the end of week 3), for tests of
// a client that must work against it: the same routes, answer shapes (original-shapes.ts),
// status codes and failure pages, on node:http. What it reproduces:
// - token check as lib/cognito_jwt_token.py does it: signature by key set, `exp`, and the
//   audience (`aud`, or `client_id` for access tokens) against ONE client id; no `iss` or
//   `token_use` check, so ID tokens pass. A token it rejects is logged and answered 200 with
//   the public feed, never 401;
// - writes ignore the token and act as the fixed user andrewbrown, and nothing is stored: the
//   feed stays the mock (`received()` lets a test see what was posted);
// - Flask's failures: a missing key in a JSON body is a KeyError, answered 500 with an HTML
//   page; a body that is not JSON is 415 (wrong type) or 400 (broken), HTML too; an unknown
//   route is a 404 HTML page; a blank or over-long reply hits a NameError in
//   services/create_reply.py (500);
// - JSON keys sorted, as Flask's default provider writes them.
// One difference: the unchanged week-3 app.py calls `ShowActivity`, a class services/show_activity.py
// names `ShowActivities`, so `GET /api/activities/<uuid>` is a 500 there; here it answers the
// service's intended shape, so a client's thread view can be tested against it.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import {
  FIXED_USER, originalCreateActivity, originalHome, originalMessageGroups, originalMessages, originalSearch,
  originalShowActivity, originalUserActivities, pythonIso,
} from './original-shapes.ts';

export interface OriginalBackendOptions {
  /** The key set it verifies with: the one setting changed from the original ("its key-set URL"). */
  jwksUri: string;
  /** AWS_COGNITO_USER_POOL_CLIENT_ID: the one app client whose tokens it accepts. */
  clientId: string;
  /** Clock for the mock times. Default `Date.now`. */
  now?: () => number;
}

export interface OriginalBackend {
  url: string;
  /** Every POST it answered 200, in order: the path and the JSON body. */
  received(): { path: string; body: unknown }[];
  /** Tokens it accepted and rejected on the home feed (it logs rejections; a test reads them here). */
  tokens(): { accepted: number; rejected: number };
  close(): Promise<void>;
}

const FLASK_PAGES: Record<number, string> = {
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 415: 'Unsupported Media Type', 500: 'Internal Server Error',
};

/** Flask (Werkzeug) error pages are HTML, whatever the client asked for. */
function htmlError(res: ServerResponse, status: number): void {
  const title = FLASK_PAGES[status] ?? 'Error';
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(sortKeys(body))}\n`);
}

/** Flask's `request.json`: 415 unless the type is JSON, 400 if it does not parse. */
async function requestJson(req: IncomingMessage): Promise<{ body: unknown } | 400 | 415> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!/^application\/(.+\+)?json\b/i.test(req.headers['content-type'] ?? '')) return 415;
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return 400;
  }
}

/** `request.json['key']` on something that is not an object with that key raises: a 500. */
const field = (body: unknown, key: string): { value: unknown } | null =>
  (typeof body === 'object' && body !== null && !Array.isArray(body) && key in body ? { value: (body as Record<string, unknown>)[key] } : null);

export async function startOriginalBackend(o: OriginalBackendOptions): Promise<OriginalBackend> {
  const now = o.now ?? Date.now;
  const received: { path: string; body: unknown }[] = [];
  const tokens = { accepted: 0, rejected: 0 };
  const verifier = JwtRsaVerifier.create({
    issuer: null, audience: null, jwksUri: o.jwksUri,
    customJwtCheck: ({ payload }) => {
      const audience = payload.aud ?? payload.client_id;
      if (audience !== o.clientId) throw new Error('Token was not issued for this audience');
    },
  });
  let jwksLoaded = false;

  // extract_access_token: the part after the space, if the header has one.
  async function accepts(header: string | undefined): Promise<boolean> {
    const token = header?.includes(' ') ? header.split(' ')[1] : undefined;
    if (!token) return false;
    try {
      if (!jwksLoaded) {
        // aws-jwt-verify's Node fetcher refuses http:, and the local key set is served over http.
        verifier.cacheJwks(await (await fetch(o.jwksUri, { signal: AbortSignal.timeout(5000) })).json() as Parameters<typeof verifier.cacheJwks>[0]);
        jwksLoaded = true;
      }
      await verifier.verify(token);
      return true;
    } catch {
      return false;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://original.invalid');
    const path = decodeURIComponent(url.pathname);
    const t = now();
    if (req.method === 'GET') {
      if (path === '/api/activities/home') {
        const ok = await accepts(req.headers.authorization);
        tokens[ok ? 'accepted' : 'rejected'] += req.headers.authorization ? 1 : 0;
        return json(res, 200, originalHome(t, ok));
      }
      if (path === '/api/activities/search') {
        const term = url.searchParams.get('term');
        return term ? json(res, 200, originalSearch(t)) : json(res, 422, ['search_term_blank']);
      }
      if (/^\/api\/activities\/@[^/]+$/.test(path)) return json(res, 200, originalUserActivities(t));
      if (/^\/api\/activities\/[^/@]+$/.test(path)) return json(res, 200, originalShowActivity(t));
      if (path === '/api/message_groups') return json(res, 200, originalMessageGroups(t));
      if (/^\/api\/messages\/@[^/]+$/.test(path)) return json(res, 200, originalMessages(t));
      return htmlError(res, 404);
    }
    if (req.method !== 'POST') return htmlError(res, path.startsWith('/api/') ? 405 : 404);
    const parsed = await requestJson(req);
    if (parsed === 400 || parsed === 415) return htmlError(res, parsed);
    const answer = post(path, parsed.body, t);
    if (answer === 404 || answer === 500) return htmlError(res, answer);
    if (answer.status === 200) received.push({ path, body: parsed.body });
    return json(res, answer.status, answer.body);
  }

  function post(path: string, body: unknown, t: number): { status: 200 | 422; body: unknown } | 404 | 500 {
    if (path === '/api/activities') {
      const [message, ttl] = [field(body, 'message'), field(body, 'ttl')];
      if (!message || !ttl) return 500;
      if (message.value !== null && typeof message.value !== 'string') return 500;
      return originalCreateActivity({ message: message.value, ttl: ttl.value }, t, randomUUID());
    }
    const reply = /^\/api\/activities\/([^/]+)\/reply$/.exec(path);
    if (reply) {
      const message = field(body, 'message');
      if (!message || typeof message.value !== 'string') return 500;
      // Its error branch names an undefined variable (user_sender_handle): NameError.
      if ([...message.value].length < 1 || [...message.value].length > 1024) return 500;
      return { status: 200, body: { uuid: randomUUID(), ...FIXED_USER, message: message.value, created_at: pythonIso(t), reply_to_activity_uuid: reply[1] } };
    }
    if (path === '/api/messages') {
      const [receiver, message] = [field(body, 'user_receiver_handle'), field(body, 'message')];
      if (!receiver || !message) return 500;
      let errors: string[] | null = null;
      if (typeof receiver.value !== 'string' || receiver.value.length < 1) errors = ['user_reciever_handle_blank'];
      if (typeof message.value !== 'string' || [...message.value].length < 1) errors = ['message_blank'];
      else if ([...message.value].length > 1024) errors = ['message_exceed_max_chars'];
      if (errors) return { status: 422, body: errors };
      return { status: 200, body: { uuid: randomUUID(), ...FIXED_USER, message: message.value, created_at: pythonIso(t) } };
    }
    return 404;
  }

  const server = createServer((req, res) => {
    route(req, res).catch(() => htmlError(res, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => [...received],
    tokens: () => ({ ...tokens }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
