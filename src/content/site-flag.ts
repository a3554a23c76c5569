/**
 * The panel's per-site memory, one boolean per origin in storage.local: "closed on this site"
 * and "minimised on this site". Not secrets (content scripts can read storage.local, and
 * nothing secret lives there); the session stays in the background's own IndexedDB.
 */
import { browser } from '../shared/browser.ts';
import type { AreaKV } from '../shared/kv.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';
import { getItem, PANEL_CLOSED, PANEL_MINIMISED, removeItem, setItem } from '../shared/storage-keys.ts';

export type SiteFlagName = 'panelClosed' | 'panelMinimised';

export interface SiteFlag {
  isSet(): Promise<boolean>;
  set(on: boolean): Promise<void>;
}

const FAMILIES = { panelClosed: PANEL_CLOSED, panelMinimised: PANEL_MINIMISED };

export function siteFlag(name: SiteFlagName, origin: string, kv: AreaKV<'local'> = storageAreaKV(browser.storage, 'local')): SiteFlag {
  const item = FAMILIES[name].item(origin);
  return {
    isSet: async () => (await getItem(kv, item)) === true,
    async set(on) {
      if (on) await setItem(kv, item, true);
      else await removeItem(kv, item);
    },
  };
}
