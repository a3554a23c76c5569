/**
 * Turns the source manifest into each browser's manifest:
 * - host permissions for the configured API and web-app origins only (smallest that work);
 * - Firefox: an event-page background, a gecko id, the data-collection declaration
 *   (`FIREFOX_DATA_COLLECTION`, why each in store/README.md), and
 *   match patterns without ports (Firefox silently never matches `http://localhost:3000/*`);
 *   the feed page as its sidebar (`sidebar_action`) instead of Chrome's side panel, and no
 *   `use_dynamic_url` (Firefox's moz-extension:// host is already random per install).
 *
 * The feed page is web-accessible to every http(s) site: "Show feed on this page" frames it
 * on whatever site the user picks, and web accessibility cannot change at run time. It is
 * the only such resource (the release check holds to that), and Chrome serves it by a
 * per-session dynamic URL so a page cannot probe for the extension by a fixed address.
 */
import source from '../manifest.json' with { type: 'json' };
import { originPatterns } from '../src/shared/match-patterns.ts';

export type Target = 'chrome' | 'firefox';

export const GECKO_ID = 'companion@cruddur.local';

/**
 * What leaves the browser, in Firefox's taxonomy, all of it needed for the extension to work at
 * all (so `required`; nothing is optional, and nothing is sent to anyone but the configured
 * Cognito pool and Cruddur API):
 * - authenticationInfo: email and password (or its SRP proof) to Cognito; tokens to the API;
 * - personallyIdentifyingInfo: the email, name and handle at sign-up and in Cognito's answers;
 * - personalCommunications: the cruds the user posts;
 * - websiteContent: text selected on a page ("Post to Cruddur", once posted), and the web app's
 *   own Cognito session, read from its page to offer "Continue as" (its token goes to GetUser).
 */
export const FIREFOX_DATA_COLLECTION = {
  required: ['authenticationInfo', 'personallyIdentifyingInfo', 'personalCommunications', 'websiteContent'],
} as const;

/** The manifest as JSON: the source's fields, and whatever a target adds or drops. */
export type Manifest = Record<string, unknown>;

/** Host permissions use the same port-less patterns as the panel's registration. */
export function manifestFor(target: Target, env: Record<string, string | undefined>): Manifest {
  const origins = [env.VITE_API_URL, ...(env.VITE_WEB_APP_ORIGINS ?? '').split(',')].map((o) => o?.trim() ?? '').filter(Boolean);
  const hostPermissions = originPatterns(origins);
  const manifest: Manifest = { ...structuredClone(source), host_permissions: hostPermissions };
  if (target === 'chrome') return manifest;

  const { service_worker } = source.background;
  const { minimum_chrome_version: _chromeOnly, side_panel, web_accessible_resources, ...common } = manifest as typeof source & Manifest;
  return {
    ...common,
    permissions: source.permissions.filter((p) => p !== 'sidePanel'),
    web_accessible_resources: web_accessible_resources.map(({ use_dynamic_url: _dynamic, ...entry }) => entry),
    sidebar_action: {
      default_title: '__MSG_sidebarTitle__',
      default_panel: `${side_panel.default_path}?surface=sidebar`,
      default_icon: source.action.default_icon,
      // Opened from the popup's "Open in sidebar", not at install.
      open_at_install: false,
    },
    background: { scripts: [service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: [...FIREFOX_DATA_COLLECTION.required] },
      },
    },
  };
}
