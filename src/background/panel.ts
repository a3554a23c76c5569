/** The in-page feed panel, as the popup and the panel itself ask for it. */
import { browser } from '../shared/browser.ts';
import { BackgroundError } from './wire-error.ts';

/**
 * Runs in the tab's isolated world (serialised: no closures). `cruddurPanel` is set by
 * src/content/main.tsx; the page cannot see or fake either global.
 */
function revealOrMark(): boolean {
  const scope = globalThis as typeof globalThis & { cruddurPanel?: { reveal(): void }; cruddurPanelOnDemand?: boolean };
  if (scope.cruddurPanel) {
    scope.cruddurPanel.reveal();
    return true;
  }
  scope.cruddurPanelOnDemand = true;
  return false;
}

/** `contentScript`: the built panel script's path in the extension (crxjs `?iife` import). */
export function createPanelControl(o: { contentScript: string }) {
  return {
    /** Injects the panel into the active tab: `activeTab` grants it for the tab the user is on. */
    async showInActiveTab(): Promise<{ shown: boolean }> {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined || !/^https?:/.test(tab.url ?? 'https:')) {
        throw new BackgroundError('panel-unavailable');
      }
      try {
        const target = { tabId: tab.id };
        // One panel per frame: if it is there (registered or injected before), reveal it;
        // otherwise mark this injection as asked-for, so it shows even off the web-app origins.
        const [probe] = await browser.scripting.executeScript({ target, func: revealOrMark });
        if (probe?.result !== true) await browser.scripting.executeScript({ target, files: [o.contentScript] });
        return { shown: true };
      } catch {
        throw new BackgroundError('panel-unavailable');
      }
    },
    /** The panel's "Sign in": the popup where browsers allow it, a tab with it otherwise. */
    async openSignIn(): Promise<void> {
      try {
        await browser.action.openPopup();
      } catch {
        await browser.tabs.create({ url: browser.runtime.getURL('src/popup/index.html') });
      }
    },
  };
}
