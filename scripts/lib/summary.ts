import type { StandInProvider } from '../oidc-provider/stand-in-provider.ts';
import type { DemoUser } from './bootstrap.ts';

export interface SummaryInput {
  /** What clients call (the front). */
  cognitoUrl: string;
  /** Where cognito-local listens (a Unix socket behind the front). */
  cognitoLocal: string;
  /** The IAM credentials file administrative calls sign with, relative to the project. */
  credentialsFile: string;
  apiUrl: string;
  /** Managed login (the hosted pages) and the stand-in OpenID provider, or why it did not start. */
  managedLogin?: { url: string; provider: Pick<StandInProvider, 'issuer' | 'account'> | { notStarted: string } };
  /** The stand-in Cruddur web app: where it runs, or why it does not. */
  webApp: { url: string } | { notStarted: string };
  region: string;
  userPoolId: string;
  clientId: string;
  demoUser: DemoUser;
  /** Set when CODE fixes every emailed code. */
  fixedCode?: string;
  envFile: string;
  /** Why the extension was not built, if it was not. */
  buildNote?: string;
}

/** How to sign in through managed login: the hosted page, and the stand-in provider's demo account. */
function managedLoginLines(m: SummaryInput['managedLogin']): string[] {
  if (!m) return [];
  const p = m.provider;
  return [
    `  Managed login            ${m.url}   (the pool's hosted pages: the web app's "Use the sign-in page"; passkeys live on this host)`,
    'issuer' in p
      ? `  Stand-in provider        ${p.issuer}   "Continue with StandIn": ${p.account.email} / ${p.account.password}`
      : `  Stand-in provider        not started: ${p.notStarted}`,
  ];
}

/** The one block `npm start` prints once everything is up. */
export function formatSummary(s: SummaryInput): string {
  // The codes the local Cognito "emails" are printed as they are sent, below this summary.
  const codes = s.fixedCode ? `every code is ${s.fixedCode} (CODE is set)` : 'printed below as each is sent: "code for <email>: <code>"';
  const lines = [
    '',
    'Cruddur local stack is running.',
    '',
    `  Cognito endpoint         ${s.cognitoUrl}   region ${s.region}, pool ${s.userPoolId}, client ${s.clientId}`,
    `  cognito-local            ${s.cognitoLocal}`,
    `  Admin credentials        ${s.credentialsFile}   (SigV4 keys for administrative calls, as AWS requires)`,
    `  Cruddur API              ${s.apiUrl}   (try ${s.apiUrl}/api/activities/home)`,
    'url' in s.webApp
      ? `  Cruddur web app          ${s.webApp.url}   (a stand-in: sign in there, then click the extension's toolbar button, marked with a dot, to "Continue as" that user)`
      : `  Cruddur web app          not started: ${s.webApp.notStarted}`,
    `  Extension defaults       ${s.envFile}`,
    ...managedLoginLines(s.managedLogin),
    '',
    `  Demo user                ${s.demoUser.email} / ${s.demoUser.password}   (@${s.demoUser.handle})`,
    `  Confirmation codes       ${codes}`,
    '',
    ...(s.buildNote
      ? [`  Extension                ${s.buildNote}`]
      : [
          '  Load the extension:',
          '    Chrome   chrome://extensions → Developer mode → Load unpacked → dist/chrome',
          '    Firefox  about:debugging → This Firefox → Load Temporary Add-on → dist/firefox/manifest.json',
        ]),
    '',
    'Data persists in .local/ (delete it to start over). Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}
