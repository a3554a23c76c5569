/**
 * Turns the source manifest into each browser's manifest:
 * - host permissions for the configured API and web-app origins only (smallest that work);
 * - Firefox: an event-page background, a gecko id, the data-collection declaration, and
 *   match patterns without ports (Firefox silently never matches `http://localhost:3000/*`).
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
  const { minimum_chrome_version: _chromeOnly, ...common } = manifest;
  return {
    ...common,
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
