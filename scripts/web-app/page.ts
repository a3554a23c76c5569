/**
 * The stand-in Cruddur web app's page script (bundled for the browser by server.ts). Like a
 * current Cruddur web app it signs in with AWS Amplify v6 (`aws-amplify/auth`), which keeps its
 * session in the page's localStorage:
 *   CognitoIdentityServiceProvider.<clientId>.LastAuthUser = <the user's sub>
 *   CognitoIdentityServiceProvider.<clientId>.<sub>.{idToken,accessToken,refreshToken,clockDrift,signInDetails}
 * exactly the session the extension may offer to reuse ("Continue as"). Amplify v6 refreshes only
 * with GetTokensFromRefreshToken; when that fails (a rotated-away or revoked refresh token) the
 * page says the session ended and shows the sign-in form, as the real app would.
 * With `managedLogin` set it also signs in through the pool's managed login, as a Cruddur web app
 * with a hosted sign-in page does: Amplify's `signInWithRedirect` (authorization code with PKCE,
 * to `https://<domain>/oauth2/authorize`) for the hosted page itself and for each provider, and
 * `signOut` then ends the hosted session too (`/logout`).
 * Deliberately plain DOM: it is a test fixture.
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

export interface WebAppConfig {
  userPoolId: string;
  clientId: string;
  cognitoUrl: string;
  /** The pool's managed-login domain (`host:port`) and the identity providers to offer. */
  managedLogin?: { domain: string; providers: string[] };
}

declare const WEB_APP_CONFIG: WebAppConfig;

interface Activity {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
}

const hosted = WEB_APP_CONFIG.managedLogin;
// The page's own URL is the callback and sign-out URL the app client lists.
const here = `${location.origin}/`;
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: WEB_APP_CONFIG.userPoolId,
      userPoolClientId: WEB_APP_CONFIG.clientId,
      userPoolEndpoint: WEB_APP_CONFIG.cognitoUrl,
      ...(hosted && {
        loginWith: {
          oauth: { domain: hosted.domain, scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectSignIn: [here], redirectSignOut: [here], responseType: 'code' as const },
        },
      }),
    },
  },
});
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface WebSession {
  accessToken: string;
  email: string | undefined;
}

const hasStoredSession = () => Object.keys(localStorage).some((k) => k.startsWith(`CognitoIdentityServiceProvider.${WEB_APP_CONFIG.clientId}.`) && k.endsWith('.refreshToken'));

/** The current session (Amplify refreshes an expired one); null when signed out or when that fails. */
async function currentSession(): Promise<{ session: WebSession | null; ended: boolean }> {
  const stored = hasStoredSession();
  try {
    const { tokens } = await fetchAuthSession();
    if (!tokens?.accessToken) return { session: null, ended: stored };
    const email = tokens.idToken?.payload.email;
    return { session: { accessToken: tokens.accessToken.toString(), email: typeof email === 'string' ? email : undefined }, ended: false };
  } catch {
    return { session: null, ended: stored };
  }
}

async function showFeed(session: WebSession | null): Promise<void> {
  const list = $('feed');
  list.textContent = 'Loading…';
  // Same-origin /api (server.ts forwards it), so any test port works without CORS changes.
  const headers: HeadersInit = session ? { authorization: `Bearer ${session.accessToken}` } : {};
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
  const { session, ended } = await currentSession();
  $('signed-in').hidden = !session;
  $('sign-in-form').hidden = !!session;
  $('managed-login').hidden = !!session || !hosted;
  $('who').textContent = session ? `Signed in as ${session.email ?? 'you'}` : '';
  $('error').textContent = ended ? 'Your session has ended. Please sign in again.' : '';
  if (ended) await signOut().catch(() => undefined); // clears the dead session from storage
  await showFeed(session);
}

$<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  $('error').textContent = '';
  signIn({ username: String(form.get('email')), password: String(form.get('password')) })
    .then(({ isSignedIn }) => {
      if (!isSignedIn) throw new Error('another step is needed');
      return render();
    })
    .catch(() => ($('error').textContent = 'That email and password did not work.'));
});

/** "Use the sign-in page" and "Continue with <provider>": Amplify leaves for managed login and comes back here. */
function offerManagedLogin(): void {
  if (!hosted) return;
  const row = $('managed-login');
  const go = (label: string, provider?: string) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      $('error').textContent = '';
      signInWithRedirect(provider ? { provider: { custom: provider } } : undefined).catch(() => ($('error').textContent = 'The sign-in page could not be opened.'));
    });
    row.append(button);
  };
  go('Use the sign-in page');
  for (const provider of hosted.providers) go(`Continue with ${provider}`, provider);
  row.hidden = false;
}
offerManagedLogin();
// Back from managed login, Amplify exchanges the code; the page follows when it is done.
Hub.listen('auth', ({ payload }) => {
  if (payload.event === 'signInWithRedirect') void render();
  if (payload.event === 'signInWithRedirect_failure') $('error').textContent = 'The sign-in did not complete.';
});

$('sign-out').addEventListener('click', () => {
  void signOut().finally(render);
});

void render();
