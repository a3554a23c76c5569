/** Steps a person takes in the popup, written once against the driver interface. */
import { expect } from 'vitest';
import type { ExtensionDriver, ExtensionPage, NetworkExchange } from '../support/browser-driver.ts';
import type { TestUser } from '../support/users.ts';

export async function openPopup(driver: ExtensionDriver): Promise<ExtensionPage> {
  return driver.open('popup');
}

/** The view the popup shows (`data-view`), waiting for it. */
export async function expectView(popup: ExtensionPage, view: string, timeoutMs?: number): Promise<void> {
  await popup.waitFor(`view-${view}`, timeoutMs);
}

export async function fillSignUp(popup: ExtensionPage, user: TestUser, again = user.password): Promise<void> {
  await popup.fill('Name', user.name);
  await popup.fill('Email', user.email);
  await popup.fill('Handle', user.handle);
  await popup.fill('Password', user.password);
  await popup.fill('Password again', again);
}

export async function signIn(popup: ExtensionPage, email: string, password: string): Promise<void> {
  await expectView(popup, 'sign-in');
  await popup.fill('Email', email);
  await popup.fill('Password', password);
  await popup.click('Sign in');
}

/** Home shows who is signed in and a feed that is theirs (the API greets @handle in it). */
export async function expectHome(popup: ExtensionPage, user: Pick<TestUser, 'name' | 'handle'>): Promise<string[]> {
  await expectView(popup, 'home');
  expect(await popup.text('user-name')).toBe(user.name);
  expect(await popup.text('user-handle')).toBe(`@${user.handle}`);
  await popup.waitFor('feed', 20_000);
  const messages = await popup.texts('crud-message');
  expect(messages.some((m) => m.includes(`@${user.handle}`))).toBe(true);
  return messages;
}

/** Waits until the focused element is the one with this `data-testid` (focus moves after a render). */
export async function waitForFocus(page: ExtensionPage, testId: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await page.focusedTestId();
    if (last === testId) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Focus is on ${last === null ? 'an element without a test id (or <body>)' : `[data-testid=${last}]`}, not [data-testid=${testId}]`);
}

/** Cognito calls by operation name (`x-amz-target: AWSCognitoIdentityProviderService.<Op>`). */
export function cognitoCalls(log: readonly NetworkExchange[], operation: string): NetworkExchange[] {
  return log.filter((e) => e.headers['x-amz-target']?.endsWith(`.${operation}`));
}

export function feedCalls(log: readonly NetworkExchange[]): NetworkExchange[] {
  return log.filter((e) => new URL(e.url).pathname === '/api/activities/home');
}

export function jwtClaims(authorization: string | undefined): Record<string, unknown> {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as Record<string, unknown>;
}

/** Waits until `pick(log)` finds something, polling; fails with `what` after the deadline. */
export async function waitForNetwork<T>(driver: ExtensionDriver, what: string, pick: (log: readonly NetworkExchange[]) => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = pick(driver.network());
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Back to a signed-out sign-in view from wherever a journey stopped (an MFA step, home). */
export async function backToSignedOut(popup: ExtensionPage): Promise<void> {
  const view = await popup.evaluate<string | null>("() => document.querySelector('[data-testid^=view-]')?.getAttribute('data-testid') ?? null");
  if (view === 'view-mfa') await popup.click('Back to sign in');
  if (view === 'view-home') await popup.click('Sign out');
  // Done once the sign-in view shows: a sign-out still under way must not meet the next step.
  if (view === 'view-mfa' || view === 'view-home') await expectView(popup, 'sign-in');
}
