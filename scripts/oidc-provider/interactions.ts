/**
 * The stand-in provider's own sign-in page (oidc-provider leaves interactions to the host app):
 * `GET /interaction/<uid>` shows email and password for the demo account, `POST` checks them and
 * finishes the interaction (oidc-provider then redirects back to the user pool), "Cancel" ends it
 * with `access_denied`, as a user declining at Google would. Plain HTML, labelled fields, light
 * and dark; every sentence in `TEXT`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { StandInAccount } from './stand-in-provider.ts';

const TEXT = {
  title: 'Stand-in ID',
  lead: 'Sign in with your Stand-in ID account to continue to the user pool.',
  email: 'Email',
  password: 'Password',
  submit: 'Sign in',
  cancel: 'Cancel',
  wrong: 'Incorrect email or password.',
} as const;

const INTERACTION = /^\/interaction\/([\w-]+)(\/(login|abort))?$/;
const h = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, email: string, error?: string): string {
  const invalid = error ? ' aria-invalid="true" aria-describedby="error"' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TEXT.title}</title>
<style>:root{color-scheme:light dark;--bg:#eef6f1;--card:#fff;--text:#0f2a1c;--line:#b9d6c4;--accent:#0f766e;--on:#fff;--error:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#0c1a14;--card:#13261d;--text:#e4f4ea;--line:#2f5443;--accent:#5eead4;--on:#0c1a14;--error:#fca5a5}}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,sans-serif}
main{box-sizing:border-box;width:min(100% - 32px,380px);background:var(--card);border:1px solid var(--line);border-radius:12px;padding:24px}
label{display:block;font-weight:600;margin:12px 0 4px}input{width:100%;box-sizing:border-box;padding:10px;font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:8px}
button{width:100%;margin-top:16px;padding:10px;font:inherit;font-weight:600;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--on)}
.secondary{background:transparent;color:var(--text);border-color:var(--line)}:focus-visible{outline:3px solid #2563eb;outline-offset:2px}.error{color:var(--error);font-weight:600}</style></head>
<body><main><h1>${TEXT.title}</h1><p>${TEXT.lead}</p>
<form method="post" action="/interaction/${h(uid)}/login">
<label for="email">${TEXT.email}</label><input id="email" name="email" type="email" autocomplete="username" required autofocus value="${h(email)}"${invalid}>
<label for="password">${TEXT.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
${error ? `<p class="error" id="error" role="alert">${h(error)}</p>` : ''}<button type="submit">${TEXT.submit}</button></form>
<form method="post" action="/interaction/${h(uid)}/abort"><button type="submit" class="secondary">${TEXT.cancel}</button></form>
</main></body></html>`;
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/html;charset=UTF-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'" });
  res.end(body);
}

/** Answers the request if it is an interaction; false for everything else (oidc-provider's own routes). */
export async function handleInteraction(provider: Provider, account: StandInAccount, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const match = INTERACTION.exec(new URL(req.url ?? '/', 'http://idp').pathname);
  if (!match) return false;
  const [, uid = '', , action] = match;
  // Throws for an unknown or expired interaction (the caller answers 400).
  await provider.interactionDetails(req, res);
  if (req.method === 'GET' && !action) {
    html(res, 200, page(uid, ''));
    return true;
  }
  if (req.method !== 'POST') return false;
  if (action === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
    return true;
  }
  const fields = await form(req);
  const email = fields.get('email') ?? '';
  if (email.toLowerCase() !== account.email || fields.get('password') !== account.password) {
    html(res, 400, page(uid, email, TEXT.wrong));
    return true;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  return true;
}
