/**
 * Managed login's pages: plain server-rendered HTML, light and dark (`prefers-color-scheme`),
 * every field with a visible label, the first field focused, errors announced (`role="alert"`)
 * and tied to their field, and every action a real button or link, so the whole flow works from
 * the keyboard. One script file (browser-script.ts) runs WebAuthn; nothing else is scripted.
 * Every sentence is in `TEXT`, so it moves to a catalogue in one place.
 */
import { escapeHtml as h } from './http.ts';

export const TEXT = {
  signInTitle: 'Sign in',
  signInLead: 'Sign in to continue to the app.',
  email: 'Email',
  password: 'Password',
  submitSignIn: 'Sign in',
  or: 'or',
  continueWith: (provider: string) => `Continue with ${provider}`,
  passkeySignIn: 'Sign in with a passkey',
  passkeyCancelled: 'The passkey was not used. Try again, or sign in another way.',
  passkeyUnsupported: 'This browser cannot use passkeys here.',
  codeTitle: 'Enter your code',
  totpLead: 'Enter the 6-digit code from your authenticator app.',
  emailLead: (destination: string) => `We sent a code to ${destination}. Enter it below.`,
  code: 'Code',
  verify: 'Verify',
  chooseTitle: 'Choose how to verify',
  chooseLead: 'Your account has more than one way to confirm it is you.',
  chooseTotp: 'Authenticator app',
  chooseEmail: 'Email code',
  continue: 'Continue',
  setupTitle: 'Set up an authenticator app',
  setupLead: 'This account needs two-step verification. Add this key to your authenticator app, then enter the code it shows.',
  setupKey: 'Key',
  newPasswordTitle: 'Choose a new password',
  newPasswordLead: 'Your account needs a new password before you continue.',
  newPassword: 'New password',
  passkeyAddTitle: 'Add a passkey',
  passkeyAddLead: (user: string) => `Signed in as ${user}. A passkey lets you sign in with your fingerprint, face or device PIN instead of a password.`,
  passkeyAddButton: 'Add a passkey',
  errorTitle: 'Something went wrong',
  back: 'Start over',
} as const;

const STYLE = `
:root { color-scheme: light dark; --bg: #f5f3fa; --card: #fff; --text: #1f1633; --muted: #5b5270; --line: #cfc8de; --accent: #6d28d9; --accent-text: #fff; --error: #b91c1c; --focus: #2563eb; }
@media (prefers-color-scheme: dark) { :root { --bg: #15111f; --card: #211a30; --text: #f1edf9; --muted: #b9b0cc; --line: #4a4060; --accent: #a78bfa; --accent-text: #15111f; --error: #fca5a5; --focus: #93c5fd; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, sans-serif; }
main { width: min(100% - 32px, 400px); margin: 16px 0; background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 24px; }
h1 { font-size: 1.4rem; margin: 0 0 4px; } p { margin: 0 0 16px; color: var(--muted); }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input[type=email], input[type=password], input[type=text] { width: 100%; padding: 10px 12px; font: inherit; color: inherit; background: transparent; border: 1px solid var(--line); border-radius: 8px; }
button, .button { display: block; width: 100%; margin-top: 16px; padding: 10px 14px; font: inherit; font-weight: 600; text-align: center; text-decoration: none; border-radius: 8px; border: 1px solid var(--accent); cursor: pointer; }
.primary { background: var(--accent); color: var(--accent-text); } .secondary { background: transparent; color: var(--text); border-color: var(--line); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.error { color: var(--error); font-weight: 600; margin: 12px 0 0; } .error:empty { display: none; }
.divider { text-align: center; color: var(--muted); margin: 16px 0 0; }
fieldset { border: 0; padding: 0; margin: 0; } legend { font-weight: 600; } .choice { display: flex; gap: 8px; align-items: center; margin: 8px 0; font-weight: 400; }
code { font-size: 1.05rem; word-break: break-all; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main><script src="/managed-login/passkeys.js" defer></script></body>
</html>`;
}

const errorLine = (error: string | undefined) => `<p class="error" id="error" role="alert">${h(error ?? '')}</p>`;
const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');

export interface SignInPage {
  /** The authorize query the forms post back with. */
  query: string;
  csrf: string;
  providers: { name: string; href: string }[];
  /** WebAuthn request options (JSON) for "Sign in with a passkey"; absent hides the button. */
  passkeyOptions?: string;
  passkeyChallenge?: string;
  email?: string;
  error?: string;
}

export function signInPage(p: SignInPage): string {
  const invalid = p.error ? ' aria-invalid="true" aria-describedby="error"' : '';
  // After a refused password the email is kept: the password is what to type again.
  const retry = Boolean(p.error && p.email);
  const providers = p.providers.map((provider) => `<a class="button secondary" href="${h(provider.href)}">${h(TEXT.continueWith(provider.name))}</a>`).join('');
  const passkey = p.passkeyOptions
    ? `<form method="post" action="/login?${h(p.query)}" data-passkey="get" data-options="${h(p.passkeyOptions)}" data-cancelled="${h(TEXT.passkeyCancelled)}" data-unsupported="${h(TEXT.passkeyUnsupported)}">
${hidden({ _csrf: p.csrf, step: 'passkey', challenge_id: p.passkeyChallenge ?? '', credential: '' })}<p class="error" role="alert" data-passkey-error></p><button type="submit" class="secondary">${h(TEXT.passkeySignIn)}</button></form>`
    : '';
  return layout(TEXT.signInTitle, `<h1>${h(TEXT.signInTitle)}</h1><p>${h(TEXT.signInLead)}</p>
${providers}${providers ? `<p class="divider">${h(TEXT.or)}</p>` : ''}
<form method="post" action="/login?${h(p.query)}">${hidden({ _csrf: p.csrf, step: 'password' })}
<label for="email">${h(TEXT.email)}</label><input id="email" name="email" type="email" autocomplete="username webauthn" required${retry ? '' : ' autofocus'} value="${h(p.email ?? '')}"${invalid}>
<label for="password">${h(TEXT.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required${retry ? ' autofocus' : ''}${invalid}>
${errorLine(p.error)}<button type="submit" class="primary">${h(TEXT.submitSignIn)}</button></form>
${passkey}`);
}

/** A challenge step (MFA, new password), posting back to /login with the Cognito session. */
export interface ChallengePage {
  query: string;
  csrf: string;
  challenge: string;
  session: string;
  username: string;
  /** EMAIL_OTP: the masked destination. */
  destination?: string;
  /** SELECT_MFA_TYPE: the kinds offered. */
  options?: string[];
  /** MFA_SETUP: the authenticator key. */
  secret?: string;
  error?: string;
}

export function challengePage(p: ChallengePage): string {
  const invalid = p.error ? ' aria-invalid="true" aria-describedby="error"' : '';
  const codeField = `<label for="code">${h(TEXT.code)}</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus${invalid}>`;
  let title: string = TEXT.codeTitle;
  let lead: string = TEXT.totpLead;
  let inputs = codeField;
  let submit: string = TEXT.verify;
  if (p.challenge === 'EMAIL_OTP') lead = TEXT.emailLead(p.destination ?? '');
  if (p.challenge === 'SELECT_MFA_TYPE') {
    [title, lead, submit] = [TEXT.chooseTitle, TEXT.chooseLead, TEXT.continue];
    const label = (kind: string) => (kind === 'EMAIL_OTP' ? TEXT.chooseEmail : TEXT.chooseTotp);
    inputs = `<fieldset><legend class="visually-hidden">${h(TEXT.chooseTitle)}</legend>${(p.options ?? [])
      .map((kind, i) => `<label class="choice"><input type="radio" name="answer" value="${h(kind)}"${i === 0 ? ' checked autofocus' : ''}> ${h(label(kind))}</label>`)
      .join('')}</fieldset>`;
  }
  if (p.challenge === 'MFA_SETUP') {
    [title, lead] = [TEXT.setupTitle, TEXT.setupLead];
    inputs = `<p>${h(TEXT.setupKey)}: <code id="secret">${h(p.secret ?? '')}</code></p>${codeField}`;
  }
  if (p.challenge === 'NEW_PASSWORD_REQUIRED') {
    [title, lead, submit] = [TEXT.newPasswordTitle, TEXT.newPasswordLead, TEXT.continue];
    inputs = `<label for="new_password">${h(TEXT.newPassword)}</label><input id="new_password" name="new_password" type="password" autocomplete="new-password" required autofocus${invalid}>`;
  }
  return layout(title, `<h1>${h(title)}</h1><p>${h(lead)}</p>
<form method="post" action="/login?${h(p.query)}">${hidden({ _csrf: p.csrf, step: 'challenge', challenge: p.challenge, session: p.session, username: p.username, ...(p.secret ? { secret: p.secret } : {}), ...(p.destination ? { destination: p.destination } : {}) })}
${inputs}${errorLine(p.error)}<button type="submit" class="primary">${h(submit)}</button></form>
<a class="button secondary" href="/login?${h(p.query)}">${h(TEXT.back)}</a>`);
}

export interface PasskeyAddPage {
  action: string;
  csrf: string;
  user: string;
  options: string;
  challengeId: string;
  error?: string;
}

export function passkeyAddPage(p: PasskeyAddPage): string {
  return layout(TEXT.passkeyAddTitle, `<h1>${h(TEXT.passkeyAddTitle)}</h1><p>${h(TEXT.passkeyAddLead(p.user))}</p>
<form method="post" action="${h(p.action)}" data-passkey="create" data-options="${h(p.options)}" data-cancelled="${h(TEXT.passkeyCancelled)}" data-unsupported="${h(TEXT.passkeyUnsupported)}">
${hidden({ _csrf: p.csrf, challenge_id: p.challengeId, credential: '' })}
<p class="error" role="alert" data-passkey-error>${h(p.error ?? '')}</p><button type="submit" class="primary" autofocus>${h(TEXT.passkeyAddButton)}</button></form>`);
}

/** Managed login's error page (AWS: `/error?error=redirect_mismatch&client_id=...`). */
export function errorPage(code: string, sentence: string): string {
  return layout(TEXT.errorTitle, `<h1>${h(TEXT.errorTitle)}</h1><p role="alert">${h(sentence)}</p><p>Error: <code id="error-code">${h(code)}</code></p>`);
}
