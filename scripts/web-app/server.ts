/**
 * A stand-in Cruddur web app on its own origin, for `npm start` (http://localhost:3000) and the
 * e2e tests (a free port): one page that signs in against the local Cognito and keeps its
 * session in localStorage the way the real app does. `/api/*` is forwarded to the API, so the
 * page works on any port without widening the API's CORS list.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'vite';
import type { WebAppConfig } from './page.ts';

export interface WebAppOptions extends WebAppConfig {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1; the page is addressed as http://localhost:<port>. */
  host?: string;
  apiUrl: string;
}

export interface WebApp {
  /** `http://localhost:<port>`: an origin the extension's `http://localhost/*` pattern matches. */
  url: string;
  close(): Promise<void>;
}

/** Bundles page.ts for the browser (amazon-cognito-identity-js needs `global`). */
async function bundlePage(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    define: { global: 'globalThis' },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, 'page.ts'), formats: ['iife'], name: 'cruddurWebApp', fileName: () => 'app.js' },
    },
  });
  const outputs = Array.isArray(out) ? out.flatMap((o) => o.output) : 'output' in out ? out.output : [];
  const chunk = outputs.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('web-app: the page bundle is empty');
  return chunk.code;
}

function html(config: WebAppConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Cruddur (local)</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; background: #f5f3fa; color: #1f1633; }
    header { background: #2a1b47; color: #fff; padding: 14px 24px; font-weight: 800; font-size: 20px; }
    main { max-width: 640px; padding: 24px; }
    form, #signed-in, .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 16px; }
    input { padding: 8px; border: 1px solid #bbb; border-radius: 6px; }
    button { padding: 8px 14px; border-radius: 6px; border: 0; background: #7c3aed; color: #fff; font-weight: 600; }
    li { background: #fff; margin: 6px 0; padding: 10px 12px; border-radius: 8px; list-style: none; }
    ul { padding: 0; }
    #error { color: #b91c1c; }
    [hidden] { display: none !important; }
  </style>
</head>
<body>
  <header>Cruddur <small style="font-weight:400;opacity:.7">local stand-in</small></header>
  <main>
    <form id="sign-in-form">
      <input name="email" type="email" placeholder="Email" autocomplete="username" required>
      <input name="password" type="password" placeholder="Password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
      <span id="error" role="alert"></span>
    </form>
    <div id="managed-login" class="row" hidden></div>
    <div id="signed-in" hidden><span id="who"></span><button id="sign-out" type="button">Sign out</button></div>
    <h2>Home</h2>
    <ul id="feed"></ul>
  </main>
  <script>const WEB_APP_CONFIG = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script>
  <script src="/app.js"></script>
</body>
</html>`;
}

async function forward(req: IncomingMessage, res: ServerResponse, apiUrl: string): Promise<void> {
  try {
    const upstream = await fetch(new URL(req.url ?? '/', apiUrl), {
      method: 'GET',
      headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch {
    res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"api_unreachable"}');
  }
}

export async function startWebApp(o: WebAppOptions): Promise<WebApp> {
  const script = await bundlePage();
  const page = html({ userPoolId: o.userPoolId, clientId: o.clientId, cognitoUrl: o.cognitoUrl, managedLogin: o.managedLogin });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path.startsWith('/api/')) return void forward(req, res, o.apiUrl);
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      (closed ??= new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      })),
  };
}
