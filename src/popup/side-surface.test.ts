// "Open in sidebar" / "Open in side panel": the browser may refuse (Firefox's sidebar most of
// all); the popup then names the failure and where to open it by hand, never "Something went wrong".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ browser: {} as Record<string, unknown> }));
vi.mock('../shared/browser.ts', () => fake);

import { useLanguage } from '../shared/i18n-fake.ts';
import { SIDE_SURFACE_FAILURES } from './side-surface-failures.ts';
import { NamedFailure, openSideSurface, sideSurface } from './side-surface.ts';

const scope = globalThis as unknown as { window?: { close: () => void }; chrome?: Record<string, unknown> };

describe('side surface', () => {
  let close: ReturnType<typeof vi.fn<() => void>>;
  beforeEach(() => {
    close = vi.fn<() => void>();
    scope.window = { close };
  });
  afterEach(() => {
    fake.browser = {};
    delete scope.window;
    delete scope.chrome?.sidePanel;
  });

  const firefox = (open: () => Promise<void>) => (fake.browser = { sidebarAction: { open } });
  const chrome = (open: (o: { windowId: number }) => Promise<void>) => {
    fake.browser = { windows: { getCurrent: async () => ({ id: 7 }) } };
    // Beside the catalog (`chrome.i18n`) the tests' setup installs.
    scope.chrome = { ...scope.chrome, sidePanel: { open } };
  };

  it.each([
    ['Firefox', () => firefox(async () => {}), { kind: 'sidebar', label: 'Open in sidebar' }],
    ['Chrome', () => chrome(async () => {}), { kind: 'side-panel', label: 'Open in side panel' }],
    ['a browser with neither', () => undefined, null],
  ])('%s: the button says %j', (_, setUp, expected) => {
    setUp();
    expect(sideSurface()).toEqual(expected);
  });

  it('opens Chrome\'s side panel in the current window, then closes the popup', async () => {
    const open = vi.fn(async () => {});
    chrome(open);
    await openSideSurface();
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
    expect(close).toHaveBeenCalledOnce();
  });

  it.each([
    ['Firefox refuses to open the sidebar', () => firefox(() => Promise.reject(new Error('sidebarAction.open may only be called from a user input handler'))), SIDE_SURFACE_FAILURES.sidebar],
    ['Chrome refuses to open the side panel', () => chrome(() => Promise.reject(new Error('No active side panel'))), SIDE_SURFACE_FAILURES['side-panel']],
  ])('%s: a named failure with where to open it by hand, and the popup stays', async (_, setUp, sentence) => {
    setUp();
    const error = await openSideSurface().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NamedFailure);
    expect((error as Error).message).toBe(sentence);
    expect(close).not.toHaveBeenCalled();
  });

  it('names the failure in the browser\'s language', async () => {
    useLanguage('de');
    firefox(() => Promise.reject(new Error('refused')));
    expect(sideSurface()).toEqual({ kind: 'sidebar', label: 'In Sidebar öffnen' });
    const error = await openSideSurface().catch((e: unknown) => e);
    expect((error as Error).message).toBe('Firefox hat die Sidebar nicht geöffnet. Öffne sie über Ansicht → Sidebar → Cruddur-Feed.');
  });
});
