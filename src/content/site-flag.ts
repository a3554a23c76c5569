/**
 * The panel's per-site memory, one boolean per origin in storage.local: "closed on this site"
 * and "minimised on this site". Not secrets (content scripts can read storage.local, and
 * nothing secret lives there); the session stays in the background's own IndexedDB.
 */
import { browser } from '../shared/browser.ts';

export type SiteFlagName = 'panelClosed' | 'panelMinimised';

export interface SiteFlag {
  isSet(): Promise<boolean>;
  set(on: boolean): Promise<void>;
}

export function siteFlag(name: SiteFlagName, origin: string, area = browser.storage.local): SiteFlag {
  const key = `${name}:${origin}`;
  return {
    async isSet() {
      const stored = await area.get(key);
      return stored[key] === true;
    },
    async set(on) {
      if (on) await area.set({ [key]: true });
      else await area.remove(key);
    },
  };
}
