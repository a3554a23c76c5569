/**
 * First run: the welcome page opens once, when the extension is installed (not on updates, not
 * on browser starts), so a new user learns what it does, how to pin it and where to begin.
 */
export const WELCOME_PAGE = 'src/welcome/index.html';

export interface WelcomeDeps {
  tabs: { create(props: { url: string }): Promise<unknown> };
  getURL(path: string): string;
}

/** `runtime.onInstalled`'s listener part: opens the welcome page on a fresh install. */
export async function welcomeOnInstall(details: { reason: string }, d: WelcomeDeps): Promise<boolean> {
  if (details.reason !== 'install') return false;
  await d.tabs.create({ url: d.getURL(WELCOME_PAGE) });
  return true;
}
