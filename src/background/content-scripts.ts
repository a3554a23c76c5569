/**
 * The feed panel's registration on the configured web-app origins. Registered at run time
 * (`scripting.registerContentScripts`), not in the manifest, because the origins are settings.
 * Patterns never carry a port: Firefox silently never matches `http://localhost:3000/*`, and
 * Chrome ignores ports in patterns anyway. So `http://localhost/*` also matches other local
 * apps; the panel asks the background (`panel/config`) whether its exact origin is configured.
 *
 * Pure apart from the `scripting`/`permissions` ports passed in, so it runs in unit tests and
 * at build time.
 */

import { originPatterns } from '../shared/match-patterns.ts';

export const PANEL_SCRIPT_ID = 'cruddur-feed-panel';

interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
}

/** The slice of `browser.scripting` this needs. */
export interface ScriptingPort {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle' }[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

export interface PermissionsPort {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export interface ContentScriptsOptions {
  scripting: ScriptingPort;
  permissions: PermissionsPort;
  /** The built panel script, relative to the extension root. */
  file: string;
}

/**
 * Keeps one registration matching the granted web-app origins. Calls are serialised (start-up,
 * a settings save and a permission grant can race), and it only re-registers on a change,
 * since the worker runs this on every wake.
 */
export function createContentScripts(o: ContentScriptsOptions) {
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(origins: readonly string[]): Promise<string[]> {
    const wanted: string[] = [];
    // Only where the user granted the host: the options page asks when saving.
    for (const pattern of originPatterns(origins)) {
      if (await o.permissions.contains({ origins: [pattern] })) wanted.push(pattern);
    }
    const [current] = await o.scripting.getRegisteredContentScripts({ ids: [PANEL_SCRIPT_ID] });
    const unchanged = current && sameList(current.matches ?? [], wanted) && sameList(current.js ?? [], [o.file]);
    if (unchanged || (!current && wanted.length === 0)) return wanted;
    if (current) await o.scripting.unregisterContentScripts({ ids: [PANEL_SCRIPT_ID] });
    if (wanted.length > 0) {
      await o.scripting.registerContentScripts([{ id: PANEL_SCRIPT_ID, matches: wanted, js: [o.file], runAt: 'document_idle' }]);
    }
    return wanted;
  }

  return {
    /** Registers the panel for `origins`; resolves to the patterns registered. */
    sync(origins: readonly string[]): Promise<string[]> {
      const run = queue.then(() => apply(origins));
      queue = run.catch(() => {});
      return run;
    },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const normal = (l: readonly string[]) => [...l].map((s) => s.replace(/^\//, '')).sort().join('\n');
  return normal(a) === normal(b);
}
