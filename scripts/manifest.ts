/**
 * Turns the source manifest into each browser's manifest:
 * - host permissions for the configured API and web-app origins only (smallest that work);
 * - Firefox: an event-page background, a gecko id, the data-collection declaration, and
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
      default_title: 'Cruddur feed',
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
        // Firefox's required declaration: the extension collects and transmits nothing.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}
