/**
 * "Open in side panel" (Chrome) / "Open in sidebar" (Firefox): the feed page beside every tab.
 * Both browsers open it only from a user gesture, so this runs in the popup's click handler:
 * Firefox's `sidebarAction.open()` must be the first call (no await before it); Chrome's
 * `sidePanel.open` keeps the click's transient activation across one `windows.getCurrent`.
 */
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';

interface ChromeSidePanel {
  open(o: { windowId: number }): Promise<void>;
}

const sidePanel = (): ChromeSidePanel | undefined => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;

export type SideSurface = { kind: 'sidebar'; label: string } | { kind: 'side-panel'; label: string } | null;

/** A failure the popup can name, with its own sentence (toUiError would only say "Something went wrong"). */
export class NamedFailure extends Error {}

/** Which side surface this browser has, with the button's label; null if none. */
export function sideSurface(): SideSurface {
  if (typeof browser.sidebarAction?.open === 'function') return { kind: 'sidebar', label: t('popup_openInSidebar') };
  if (typeof sidePanel()?.open === 'function') return { kind: 'side-panel', label: t('popup_openInSidePanel') };
  return null;
}

/** Call from the click itself; closes the popup once the panel is open. */
export async function openSideSurface(): Promise<void> {
  const firefox = typeof browser.sidebarAction?.open === 'function';
  try {
    if (firefox) {
      await browser.sidebarAction.open();
    } else {
      const { id } = await browser.windows.getCurrent();
      await sidePanel()!.open({ windowId: id! });
    }
  } catch {
    // The sentences are fetched only now: a chunk of their own, out of the popup's first script.
    const { SIDE_SURFACE_FAILURES } = await import('./side-surface-failures.ts');
    throw new NamedFailure(SIDE_SURFACE_FAILURES[firefox ? 'sidebar' : 'side-panel']);
  }
  window.close();
}
