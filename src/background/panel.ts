/** The in-page feed panel, as the popup and the panel itself ask for it. */
import { browser } from '../shared/browser.ts';
import { BackgroundError } from './wire-error.ts';

export function createPanelControl(o: { contentScript: string }) {
  return {
    /** Injects the panel into the active tab: `activeTab` grants it for the tab the user is on. */
    async showInActiveTab(): Promise<{ shown: boolean }> {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined || !/^https?:/.test(tab.url ?? 'https:')) {
        throw new BackgroundError('panel-unavailable', 'The feed cannot be shown on this page. Open a website and try again.');
      }
      try {
        await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [o.contentScript] });
        return { shown: true };
      } catch {
        throw new BackgroundError('panel-unavailable', 'The feed cannot be shown on this page. Open a website and try again.');
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
