// Handles are unique by TR39 skeleton and case, on both drivers, whichever process claims first.
import { describe, expect, it } from 'vitest';
import type { SqlDriver } from '../sql-driver.ts';
import { createStore } from '../store.ts';
import { at, member, profile, uuid, useStore } from './fixture.ts';

/** A handle nobody else in the run uses, in lower case ASCII. */
const fresh = (tag: string) => `${tag}${uuid().slice(0, 8)}`;

export function describeHandleContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`handles on ${name}`, () => {
    const s = useStore(open);

    it('a new account claims the handle it asked Cognito for', async () => {
      const p = profile('ann');
      expect(await s.get().saveProfile(p)).toEqual({ sub: p.sub, username: p.username, email: p.email, name: p.name, handle: p.requestedHandle, requestedHandle: p.requestedHandle });
    });

    it.each([
      ['the same handle', (h: string) => h],
      ['another case', (h: string) => h.toUpperCase()],
      ['capital I for l', (h: string) => h.replaceAll('l', 'I')],
      ['rn for m', (h: string) => h.replaceAll('m', 'rn')],
    ])('a second account asking for %s is kept without a handle, its request remembered', async (_name, variant) => {
      const handle = fresh('mill');
      const first = await s.get().saveProfile(profile('first', handle));
      const second = await s.get().saveProfile(profile('second', variant(handle)));
      expect(first.handle).toBe(handle);
      expect(second).toMatchObject({ handle: null, requestedHandle: variant(handle) });
      expect((await s.get().userByHandle(variant(handle)))?.sub).toBe(first.sub);
    });

    it('an all-Cyrillic look-alike of a Latin handle (ѕсоре for scope) is the same handle', async () => {
      // Each driver's contract runs on a fresh database, so "scope" is free here.
      const latin = await s.get().saveProfile(profile('latin', 'scope'));
      const cyrillic = await s.get().saveProfile(profile('cyr', '\u0455\u0441\u043e\u0440\u0435'));
      expect([latin.handle, cyrillic.handle]).toEqual(['scope', null]);
      expect(await s.get().handleAvailability('\u0455\u0441\u043e\u0440\u0435')).toEqual({ available: false, reason: 'taken', holder: 'scope' });
    });

    it('two processes claiming look-alikes at the same moment: exactly one wins', async () => {
      const handle = fresh('race');
      const other = await createStore(s.driver());
      const [a, b] = await Promise.all([s.get().saveProfile(profile('a', handle)), other.saveProfile(profile('b', handle.toUpperCase()))]);
      expect([a.handle, b.handle].filter((h) => h !== null)).toHaveLength(1);
    });

    it('an unchanged request is not retried; a changed one claims the new handle and frees the old', async () => {
      const handle = fresh('move');
      const holder = profile('holder', handle);
      await s.get().saveProfile(holder);
      const late = profile('late', handle);
      expect((await s.get().saveProfile(late)).handle).toBeNull();
      // The holder moves on: the old handle is free, but the late account's unchanged request waits.
      const moved = fresh('moved');
      expect((await s.get().saveProfile({ ...holder, requestedHandle: moved })).handle).toBe(moved);
      expect((await s.get().saveProfile(late)).handle).toBeNull();
      expect(await s.get().handleAvailability(handle)).toEqual({ available: true });
      // Its own choice claims it.
      expect(await s.get().claimHandle(late.sub, handle)).toBe('claimed');
      expect((await s.get().getUser(late.sub))?.handle).toBe(handle);
    });

    it('a holder who changes Cognito to a taken handle keeps the one it holds', async () => {
      const a = await member(s.get(), 'keep');
      const b = await member(s.get(), 'other');
      const after = await s.get().saveProfile({ sub: a.sub, username: a.username, email: a.email, name: a.name, requestedHandle: b.handle });
      expect(after).toMatchObject({ handle: a.handle, requestedHandle: b.handle });
    });

    it('claimHandle: a look-alike held by another account is "taken"; a case change of your own is fine', async () => {
      const a = await member(s.get(), 'claim');
      const b = await member(s.get(), 'claim');
      expect(await s.get().claimHandle(b.sub, a.handle.toUpperCase())).toBe('taken');
      expect(await s.get().claimHandle(a.sub, a.handle.toUpperCase())).toBe('claimed');
      expect((await s.get().getUser(a.sub))?.handle).toBe(a.handle.toUpperCase());
    });

    it.each([
      ['blank', '', 'blank'],
      ['a space', 'two words', 'characters'],
      ['an @', 'a@b', 'characters'],
      ['a NUL', 'de\0mo', 'characters'],
      ['a zero-width space', 'de\u200bmo', 'characters'],
      ['Latin with Cyrillic е and о', 'd\u0435m\u043e', 'mixed_scripts'],
      ['fullwidth letters', '\uff44\uff45\uff4d\uff4f', 'characters'],
      ['33 letters', 'x'.repeat(33), 'too_long'],
    ])('availability of a handle with %s: %s is never claimed', async (_name, handle, reason) => {
      expect(await s.get().handleAvailability(handle)).toEqual({ available: false, reason });
      expect(await s.get().userByHandle(handle)).toBeNull();
      // (profiles.ts refuses a profile with a NUL or an invisible character before it is stored.)
      if (reason !== 'characters' || !/[\0\u200b]/.test(handle)) expect((await s.get().saveProfile(profile('bad', handle))).handle).toBeNull();
    });

    it('availability: taken names the holder; your own handle is available to you', async () => {
      const a = await member(s.get(), 'avail');
      expect(await s.get().handleAvailability(a.handle.toUpperCase())).toEqual({ available: false, reason: 'taken', holder: a.handle });
      expect(await s.get().handleAvailability(a.handle, a.sub)).toEqual({ available: true });
    });

    it('cruds of an account without a handle show nowhere, not even under the handle it asked for', async () => {
      const holder = await member(s.get(), 'shown');
      const shadow = await s.get().saveProfile(profile('shadow', holder.handle.toUpperCase()));
      const id = uuid();
      await s.get().putActivity({ uuid: id, userSub: shadow.sub, message: `as ${holder.handle}`, createdAt: at(0), expiresAt: at(10) });
      expect((await s.get().homeFeed(null, at(1))).some((a) => a.uuid === id)).toBe(false);
      expect(await s.get().userFeed(holder.handle, at(1))).toEqual([]);
      expect(await s.get().thread(id, shadow.sub, at(1))).toBeNull();
      expect(await s.get().search(`as ${holder.handle}`, at(1))).toEqual([]);
    });

    it('rows from before unique handles: the older account keeps a shared handle, the newer loses it', async () => {
      const handle = fresh('legacy');
      const db = s.driver();
      // As the old schema left them: handles without keys, created a minute apart.
      await db.query(`INSERT INTO users (sub, username, email, display_name, handle, created_at) VALUES
        ($1, 'old', '', 'Old', $3, now() - interval '2 minutes'), ($2, 'new', '', 'New', $4, now() - interval '1 minute')`,
      [`sub-old-${handle}`, `sub-new-${handle}`, handle, handle.toUpperCase()]);
      await createStore(db);
      expect(await s.get().getUser(`sub-old-${handle}`)).toMatchObject({ handle, requestedHandle: handle });
      expect(await s.get().getUser(`sub-new-${handle}`)).toMatchObject({ handle: null, requestedHandle: handle.toUpperCase() });
    });
  });
}
