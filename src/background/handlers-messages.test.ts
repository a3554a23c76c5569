import { describe, expect, it } from 'vitest';
import type { Conversation } from '../shared/direct-message.ts';
import type { SessionOwner } from './session-owner.ts';
import { callWith, testServices } from './testing.ts';

const LIST: Conversation[] = [{ handle: 'bob', display_name: 'Bob', message: 'hi', created_at: '2026-12-05T10:00:00.000Z', unread_count: 1, last_message_from_me: false }];

function setup(o: { seenFails?: boolean } = {}) {
  const asked: unknown[][] = [];
  const seen: Conversation[][] = [];
  const api = {
    conversations: async () => (asked.push(['conversations']), LIST),
    conversation: async (handle: string) => (asked.push(['conversation', handle]), []),
    sendMessage: async (handle: string, message: string) => (asked.push(['send', handle, message]), { uuid: 'm', handle: 'alice', display_name: 'Alice', message, created_at: '' }),
  };
  const h = callWith(
    testServices({
      owner: { api } as unknown as SessionOwner,
      messagesSeen: async (list) => {
        seen.push(list);
        if (o.seenFails) throw new Error('storage gone');
      },
    }),
  );
  return { h, asked, seen };
}

describe('message handlers', () => {
  it('the list is answered and marked seen with exactly what was shown', async () => {
    const t = setup();
    expect(await t.h('dm/conversations', undefined)).toEqual(LIST);
    expect(t.seen).toEqual([LIST]);
  });

  it('a failure to mark them seen still answers the list', async () => {
    const t = setup({ seenFails: true });
    expect(await t.h('dm/conversations', undefined)).toEqual(LIST);
  });

  it('passes only text on, cut to a sane length', async () => {
    const t = setup();
    await t.h('dm/conversation', { handle: 'bob' });
    await t.h('dm/conversation', { handle: 42 } as never);
    await t.h('dm/send', { handle: 'bob', message: 'x'.repeat(20_000) });
    expect(t.asked.slice(0, 2)).toEqual([
      ['conversation', 'bob'],
      ['conversation', ''],
    ]);
    expect(t.asked[2]).toEqual(['send', 'bob', 'x'.repeat(10_000)]);
    expect(t.seen).toEqual([]);
  });
});
