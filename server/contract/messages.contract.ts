// Direct messages, read marks and the unread count, on both drivers and across two stores.
import { describe, expect, it } from 'vitest';
import type { SqlDriver } from '../sql-driver.ts';
import { createStore } from '../store.ts';
import { at, member, uuid, useStore } from './fixture.ts';

export function describeMessageContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`messages on ${name}`, () => {
    const s = useStore(open);
    const send = (senderSub: string, recipientSub: string, message: string, hours: number) =>
      s.get().sendMessage({ uuid: uuid(), senderSub, recipientSub, message, createdAt: at(hours) });

    it('the first message makes one conversation for the pair, whoever starts it', async () => {
      const a = await member(s.get(), 'dm');
      const b = await member(s.get(), 'dm');
      expect(s.get().groupOf(a.sub, b.sub)).toBe(s.get().groupOf(b.sub, a.sub));
      const sent = await send(a.sub, b.sub, 'hello', 1);
      expect(sent).toEqual({
        uuid: sent.uuid, message_group_uuid: s.get().groupOf(a.sub, b.sub), display_name: a.name, handle: a.handle,
        message: 'hello', created_at: at(1).toISOString(),
      });
      await send(b.sub, a.sub, 'hi back', 2);
      expect((await s.get().messageGroups(a.sub)).map((g) => g.uuid)).toEqual([s.get().groupOf(a.sub, b.sub)]);
    });

    it('each member sees the other, the latest message, and what is unread for them', async () => {
      const a = await member(s.get(), 'ana');
      const b = await member(s.get(), 'ben');
      await send(a.sub, b.sub, 'one', 1);
      const last = await send(a.sub, b.sub, 'two', 2);
      expect(await s.get().messageGroups(b.sub)).toEqual([{
        uuid: s.get().groupOf(a.sub, b.sub), display_name: a.name, handle: a.handle, message: 'two', created_at: at(2).toISOString(),
        last_message_uuid: last.uuid, last_message_from_me: false, unread_count: 2,
      }]);
      expect(await s.get().messageGroups(a.sub)).toMatchObject([{ handle: b.handle, last_message_from_me: true, unread_count: 0 }]);
      expect(await s.get().unread(b.sub)).toEqual({ unread_conversations: 1, newest_unread_at: at(2).toISOString(), newest_unread_uuid: last.uuid });
      expect(await s.get().unread(a.sub)).toEqual({ unread_conversations: 0, newest_unread_at: null, newest_unread_uuid: null });
    });

    it('reading a conversation returns it oldest first and clears it; a new message brings it back', async () => {
      const a = await member(s.get(), 'rd');
      const b = await member(s.get(), 'rd');
      await send(a.sub, b.sub, 'one', 1);
      await send(a.sub, b.sub, 'two', 2);
      const group = s.get().groupOf(a.sub, b.sub);
      expect((await s.get().readConversation(b.sub, group))?.map((m) => m.message)).toEqual(['one', 'two']);
      expect((await s.get().unread(b.sub)).unread_conversations).toBe(0);
      // Another store stands in for another API process: the read mark is shared.
      const other = await createStore(s.driver());
      expect((await other.messageGroups(b.sub))[0]?.unread_count).toBe(0);
      await send(a.sub, b.sub, 'three', 3);
      expect((await other.unread(b.sub)).unread_conversations).toBe(1);
      // Answering clears it too: the sender has read what came before.
      await send(b.sub, a.sub, 'ok', 4);
      expect((await s.get().unread(b.sub)).unread_conversations).toBe(0);
      expect((await s.get().unread(a.sub)).unread_conversations).toBe(1);
    });

    it('only members reach a conversation', async () => {
      const a = await member(s.get(), 'priv');
      const b = await member(s.get(), 'priv');
      const eve = await member(s.get(), 'eve');
      await send(a.sub, b.sub, 'secret', 1);
      const group = s.get().groupOf(a.sub, b.sub);
      expect(await s.get().readConversation(eve.sub, group)).toBeNull();
      expect(await s.get().otherMember(eve.sub, group)).toBeNull();
      expect(await s.get().otherMember(a.sub, group)).toBe(b.sub);
      expect(await s.get().messageGroups(eve.sub)).toEqual([]);
      expect(await s.get().readConversation(a.sub, s.get().groupOf(a.sub, eve.sub))).toBeNull();
    });

    it('at most the latest 100 messages are returned, still oldest first', { timeout: 60_000 }, async () => {
      const a = await member(s.get(), 'many');
      const b = await member(s.get(), 'many');
      for (let i = 0; i < 103; i += 1) await send(a.sub, b.sub, `#${i}`, i / 100);
      const read = await s.get().readConversation(b.sub, s.get().groupOf(a.sub, b.sub));
      expect(read?.map((m) => m.message)).toEqual(Array.from({ length: 100 }, (_, i) => `#${i + 3}`));
    });
  });
}
