/**
 * "The user closed the panel on this site": one boolean per origin in storage.local. Not a
 * secret (content scripts can read storage.local, and nothing secret lives there); the session
 * stays in the background's own IndexedDB.
 */
import { browser } from '../shared/browser.ts';

const closedKey = (origin: string) => `panelClosed:${origin}`;

export interface ClosedFlag {
  isClosed(): Promise<boolean>;
  setClosed(closed: boolean): Promise<void>;
}

export function closedFlag(origin: string, area = browser.storage.local): ClosedFlag {
  const key = closedKey(origin);
  return {
    async isClosed() {
      const stored = await area.get(key);
      return stored[key] === true;
    },
    async setClosed(closed) {
      if (closed) await area.set({ [key]: true });
      else await area.remove(key);
    },
  };
}
