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
  /**
   * Runs the panel in tabs already open on `patterns`, after a (re-)registration: a
   * registration only applies to pages loaded after it, so without this the first web-app page
   * after install (loaded while the worker was still registering) showed no panel. The
   * script's own guard makes a second run in the same page a no-op.
   */
  injectOpen?: (patterns: string[], file: string) => Promise<void>;
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
      await o.injectOpen?.(wanted, o.file).catch(() => {});
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

/** The slices of `browser.tabs` and `browser.scripting` that `injectIntoOpenTabs` needs. */
export interface TabsPort {
  query(filter: { url: string[] }): Promise<{ id?: number }[]>;
}
export interface InjectPort {
  executeScript(o: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

/** `injectOpen` for the browser: every open tab on `patterns`, top frame only, failures skipped. */
export function injectIntoOpenTabs(tabs: TabsPort, scripting: InjectPort) {
  return async (patterns: string[], file: string): Promise<void> => {
    const open = await tabs.query({ url: patterns });
    // A tab that is closing, discarded or an error page refuses; the others still get the panel.
    await Promise.all(open.map((tab) => (tab.id === undefined ? undefined : scripting.executeScript({ target: { tabId: tab.id }, files: [file] }).catch(() => {}))));
  };
}
