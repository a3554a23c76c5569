import { describe, expect, it } from 'vitest';
import { DEFAULT_TTL, POST_MENU_ID, onPostMenuClicked, registerPostMenu } from './context-menu.ts';
import type { NewCrud } from '../shared/messages.ts';

function deps(o: { popupFails?: boolean } = {}) {
  const calls: string[] = [];
  const drafts: NewCrud[] = [];
  return {
    calls,
    drafts,
    d: {
      saveDraft: async (draft: NewCrud) => {
        calls.push('draft');
        drafts.push(draft);
      },
      openPopup: async () => {
        calls.push('popup');
        if (o.popupFails) throw new Error('openPopup is not available');
      },
      openWindow: async () => void calls.push('window'),
    },
  };
}

describe('"Post to Cruddur" context menu', () => {
  it('registers one item for selected text, replacing any left from before', async () => {
    const calls: unknown[] = [];
    await registerPostMenu({ menus: { removeAll: async () => void calls.push('removeAll'), create: (p) => calls.push(p) } });
    expect(calls).toEqual(['removeAll', { id: POST_MENU_ID, title: 'Post to Cruddur', contexts: ['selection'] }]);
  });

  it('stores the selection as the composer draft, then opens the popup', async () => {
    const { d, calls, drafts } = deps();
    expect(await onPostMenuClicked(d, { menuItemId: POST_MENU_ID, selectionText: '  a quote worth sharing ' })).toBe(true);
    expect(drafts).toEqual([{ message: 'a quote worth sharing', ttl: DEFAULT_TTL }]);
    expect(calls).toEqual(['draft', 'popup']);
  });

  it('opens the popup page in a small window where openPopup is not available', async () => {
    const { d, calls } = deps({ popupFails: true });
    await onPostMenuClicked(d, { menuItemId: POST_MENU_ID, selectionText: 'x' });
    expect(calls).toEqual(['draft', 'popup', 'window']);
  });

  it('ignores menu items that are not its own', async () => {
    const { d, calls } = deps();
    expect(await onPostMenuClicked(d, { menuItemId: 'other', selectionText: 'x' })).toBe(false);
    expect(calls).toEqual([]);
  });
});
