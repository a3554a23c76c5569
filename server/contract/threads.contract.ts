// A crud with its replies, replying, and search, on both drivers.
import { describe, expect, it } from 'vitest';
import { ensureWelcome } from '../seed.ts';
import type { SqlDriver } from '../sql-driver.ts';
import { at, member, uuid, useStore } from './fixture.ts';

export function describeThreadContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`threads and search on ${name}`, () => {
    const s = useStore(open);

    async function crud(userSub: string, message: string, o: { hours?: number; expires?: number; recipientSub?: string } = {}) {
      const id = uuid();
      await s.get().putActivity({ uuid: id, userSub, message, createdAt: at(o.hours ?? 0), expiresAt: at(o.expires ?? 100), recipientSub: o.recipientSub });
      return id;
    }

    it('a thread is the crud with its replies, oldest reply first; each reply is counted on the parent', async () => {
      const author = await member(s.get(), 'op');
      const fan = await member(s.get(), 'fan');
      const root = await crud(author.sub, 'root');
      const first = await s.get().putReply({ uuid: uuid(), parent: root, userSub: fan.sub, message: 'first', createdAt: at(1) });
      await s.get().putReply({ uuid: uuid(), parent: root, userSub: author.sub, message: 'second', createdAt: at(2) });
      expect(first).toMatchObject({ handle: fan.handle, message: 'first', reply_to_activity_uuid: root, expires_at: at(100).toISOString(), replies_count: 0 });
      const thread = await s.get().thread(root.toUpperCase(), null, at(3));
      expect(thread).toMatchObject({ uuid: root, message: 'root', replies_count: 2 });
      expect(thread?.replies?.map((r) => [r.handle, r.message])).toEqual([[fan.handle, 'first'], [author.handle, 'second']]);
      // Replies are cruds too: the home feed nests them under their parent.
      const inFeed = (await s.get().homeFeed(null, at(3))).find((a) => a.uuid === root);
      expect(inFeed?.replies?.map((r) => r.message)).toEqual(['first', 'second']);
    });

    it('a reply opens as its own thread, saying what it answers', async () => {
      const author = await member(s.get(), 'nest');
      const root = await crud(author.sub, 'root');
      const reply = await s.get().putReply({ uuid: uuid(), parent: root, userSub: author.sub, message: 'reply', createdAt: at(1) });
      expect(await s.get().thread(reply?.uuid ?? '', null, at(2))).toMatchObject({ message: 'reply', reply_to_activity_uuid: root, replies: [] });
    });

    it('a crud addressed to one user: only they see its thread and may reply; the reply stays theirs', async () => {
      const reader = await member(s.get(), 'reader');
      const stranger = await member(s.get(), 'stranger');
      await ensureWelcome(s.get(), reader, at(0));
      const welcome = (await s.get().homeFeed(reader.sub, at(1))).find((a) => a.handle === 'cruddur' && a.message.includes(`@${reader.handle}!`));
      if (!welcome) throw new Error('no welcome crud');
      expect(await s.get().thread(welcome.uuid, null, at(1))).toBeNull();
      expect(await s.get().thread(welcome.uuid, stranger.sub, at(1))).toBeNull();
      expect(await s.get().putReply({ uuid: uuid(), parent: welcome.uuid, userSub: stranger.sub, message: 'sneak', createdAt: at(1) })).toBeNull();
      await s.get().putReply({ uuid: uuid(), parent: welcome.uuid, userSub: reader.sub, message: 'thanks', createdAt: at(1) });
      expect((await s.get().thread(welcome.uuid, reader.sub, at(2)))?.replies?.map((r) => r.message)).toEqual(['thanks']);
      expect((await s.get().thread(welcome.uuid, reader.sub, at(2)))?.replies_count).toBe(1);
      expect((await s.get().search('thanks', at(2))).some((a) => a.message === 'thanks' && a.handle === reader.handle)).toBe(false);
    });

    it.each([
      ['expired', { expires: 1 }],
      ['unknown', null],
    ])('an %s crud has no thread and takes no reply', async (_name, o) => {
      const author = await member(s.get(), 'gone');
      const id = o ? await crud(author.sub, 'short-lived', o) : uuid();
      expect(await s.get().thread(id, author.sub, at(2))).toBeNull();
      expect(await s.get().putReply({ uuid: uuid(), parent: id, userSub: author.sub, message: 'late', createdAt: at(2) })).toBeNull();
    });

    it('a malformed uuid names no crud (never an SQL error)', async () => {
      expect(await s.get().thread('not-a-uuid', null, at(0))).toBeNull();
      expect(await s.get().getActivity("'; DROP TABLE activities; --")).toBeNull();
    });

    it('search: case-insensitive in text, handle and name; % and _ are literal; newest first; addressed and expired left out', async () => {
      const author = await member(s.get(), 'seek');
      const tag = uuid().slice(0, 8);
      const older = await crud(author.sub, `Looking for ${tag} 100% done`, { hours: 1 });
      const newer = await crud(author.sub, `LOOKING FOR ${tag.toUpperCase()} again`, { hours: 2 });
      await crud(author.sub, `${tag} expired`, { hours: 0, expires: 1 });
      await crud(author.sub, `${tag} private`, { recipientSub: author.sub });
      expect((await s.get().search(tag, at(3))).map((a) => a.uuid)).toEqual([newer, older]);
      expect((await s.get().search(`${tag} 100%`, at(3))).map((a) => a.uuid)).toEqual([older]);
      expect(await s.get().search(`${tag}_100`, at(3))).toEqual([]);
      expect((await s.get().search(author.handle.toUpperCase(), at(3))).length).toBeGreaterThanOrEqual(2);
    });
  });
}
