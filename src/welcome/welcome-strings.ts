/**
 * Every sentence of the welcome page, in one table: issue 26 moves them to `_locales/` as they
 * are. Keys name what each says; `{browser}` parts are picked by `pinSteps`.
 */
export const WELCOME_STRINGS = {
  title: 'Welcome to Cruddur Companion',
  lead: 'Read your Cruddur home feed, post cruds and stay signed in, from any tab.',
  whatTitle: 'What it does',
  what: [
    'Cruddur is a micro-blogging app: short posts called cruds, which expire after a time you choose.',
    'Cruddur Companion signs you in to Cruddur once, keeps you signed in, and shows your feed in its toolbar popup, beside your tabs, or on a page.',
    'Your sign-in stays inside the extension: the websites you visit cannot read it.',
  ],
  pinTitle: 'Pin it to the toolbar',
  pinChrome: 'Click the Extensions button (the puzzle piece) at the right of the address bar, then the pin beside Cruddur Companion.',
  pinFirefox: 'Click the Extensions button (the puzzle piece) at the right of the toolbar, then the gear beside Cruddur Companion, and choose “Pin to Toolbar”.',
  pinAfter: 'Its button is the purple “C”. Alt+Shift+C opens it from the keyboard.',
  signInTitle: 'Sign in',
  signIn: 'Click the “C” button and sign in with your Cruddur email and password, or create an account there.',
  dotTitle: 'A dot on the button',
  dot: 'The button shows a dot when you are signed in to Cruddur on a website in this browser: click it to continue with that sign-in, without typing your password. The dot means nothing else.',
  countTitle: 'A number on the button',
  count: 'Signed in, the button shows how many conversations have new messages since you last opened Messages in the popup. Opening them clears it.',
  settingsTitle: 'Settings',
  settings: 'Your account, two-step verification, and (for developers) which Cruddur to connect to. Open them from the popup’s “Settings” link, or here:',
  openSettings: 'Open Settings',
  privacy: 'Privacy policy: what the extension sends, to whom, and how to erase it',
  settingsFailed: 'Settings did not open. Right-click the “C” button and choose “Options” (Chrome) or “Manage Extension” (Firefox).',
} as const;

export type Browser = 'chrome' | 'firefox';

/** How to pin the button, in the browser the page runs in. */
export const pinSteps = (browser: Browser) => (browser === 'firefox' ? WELCOME_STRINGS.pinFirefox : WELCOME_STRINGS.pinChrome);
