/**
 * Steps on the stand-in Cruddur web app (scripts/web-app: real Amplify v6 in the page) and the
 * popup's "Continue as" offer, shared by the adoption suites.
 */
import type { ExtensionDriver, WebPage } from '../support/browser-driver.ts';
import type { TestUser, Tokens } from '../support/users.ts';
import { openPopup } from './popup-steps.ts';

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
}

/** Signs the web app in through its own form, which calls Amplify v6's signIn (SRP). */
export async function webAppSignIn(page: WebPage, user: TestUser): Promise<void> {
  await page.evaluate(`() => {
    const form = document.getElementById('sign-in-form');
    form.elements.email.value = ${JSON.stringify(user.email)};
    form.elements.password.value = ${JSON.stringify(user.password)};
    form.requestSubmit();
  }`);
  await until('the web app to be signed in', () => page.evaluate<string>(`() => document.getElementById('who').textContent`));
}

/** What a signed-out popup opens on: the offer ('adopt') or the sign-in form. */
export async function signedOutState(driver: ExtensionDriver): Promise<'adopt' | 'sign-in'> {
  const popup = await openPopup(driver);
  try {
    await until('the popup to settle', async () => (await popup.texts('view-sign-in')).length + (await popup.texts('view-adopt')).length > 0);
    return (await popup.texts('view-adopt')).length > 0 ? 'adopt' : 'sign-in';
  } finally {
    await popup.close();
  }
}

/** What a hostile script on the web-app origin can do: write any session into the page's storage. */
export async function plant(page: WebPage, clientId: string, username: string, tokens: Tokens): Promise<void> {
  await page.evaluate(`() => {
    localStorage.clear();
    const p = 'CognitoIdentityServiceProvider.' + ${JSON.stringify(clientId)};
    const t = ${JSON.stringify(tokens)};
    const u = ${JSON.stringify(username)};
    localStorage.setItem(p + '.LastAuthUser', u);
    localStorage.setItem(p + '.' + u + '.idToken', t.idToken);
    localStorage.setItem(p + '.' + u + '.accessToken', t.accessToken);
    localStorage.setItem(p + '.' + u + '.refreshToken', t.refreshToken);
    localStorage.setItem(p + '.' + u + '.clockDrift', '0');
  }`);
}

/**
 * An unsigned ID token that says whatever the page wants, on top of a real one's claims (its
 * `exp` keeps the web app's own Amplify from refreshing, and clearing, the planted session).
 */
export function spoofedIdToken(real: string, claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const realClaims = JSON.parse(Buffer.from(real.split('.')[1] ?? '', 'base64url').toString()) as object;
  return `${part({ alg: 'none' })}.${part({ ...realClaims, ...claims })}.`;
}
