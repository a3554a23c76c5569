/**
 * The stand-in Cruddur web app's page script (bundled for the browser by server.ts). Like the
 * real app it signs in with amazon-cognito-identity-js, whose default storage is the page's
 * localStorage under `CognitoIdentityServiceProvider.<clientId>.*`: exactly the session the
 * extension's panel may offer to reuse. Deliberately plain DOM: it is a test fixture.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';

export interface WebAppConfig {
  userPoolId: string;
  clientId: string;
  cognitoUrl: string;
}

declare const WEB_APP_CONFIG: WebAppConfig;

interface Activity {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
}

const pool = new CognitoUserPool({ UserPoolId: WEB_APP_CONFIG.userPoolId, ClientId: WEB_APP_CONFIG.clientId, endpoint: WEB_APP_CONFIG.cognitoUrl });
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function currentSession(): Promise<CognitoUserSession | null> {
  const user = pool.getCurrentUser();
  if (!user) return Promise.resolve(null);
  return new Promise((resolve) => user.getSession((err: Error | null, session: CognitoUserSession | null) => resolve(err ? null : session)));
}

function signIn(email: string, password: string): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: email, Pool: pool });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), { onSuccess: resolve, onFailure: reject }),
  );
}

async function showFeed(session: CognitoUserSession | null): Promise<void> {
  const list = $('feed');
  list.textContent = 'Loading…';
  // Same-origin /api (server.ts forwards it), so any test port works without CORS changes.
  const headers: HeadersInit = session ? { authorization: `Bearer ${session.getAccessToken().getJwtToken()}` } : {};
  try {
    const res = await fetch('/api/activities/home', { headers });
    const activities = (await res.json()) as Activity[];
    list.replaceChildren(
      ...activities.map((a) => {
        const li = document.createElement('li');
        li.textContent = `${a.display_name} @${a.handle}: ${a.message}`;
        return li;
      }),
    );
    if (activities.length === 0) list.textContent = 'No cruds yet.';
  } catch {
    list.textContent = 'The feed could not be loaded.';
  }
}

async function render(): Promise<void> {
  const session = await currentSession();
  const email = session?.getIdToken().decodePayload().email as string | undefined;
  $('signed-in').hidden = !session;
  $('sign-in-form').hidden = !!session;
  $('who').textContent = session ? `Signed in as ${email ?? 'you'}` : '';
  await showFeed(session);
}

$<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  $('error').textContent = '';
  signIn(String(form.get('email')), String(form.get('password')))
    .then(render)
    .catch(() => ($('error').textContent = 'That email and password did not work.'));
});

$('sign-out').addEventListener('click', () => {
  pool.getCurrentUser()?.signOut();
  void render();
});

void render();
