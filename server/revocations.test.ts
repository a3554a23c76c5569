// The revocation mirror's rules with a scripted driver: when it answers from memory, when it
// must ask the database, and what a notification or a lost subscription changes.
import { describe, expect, it } from 'vitest';
import { createRevocations } from './revocations.ts';
import type { ListenHandlers, SqlDriver } from './sql-driver.ts';

const SOON = Date.now() + 60_000;

function setup(rows: { jti: string; expiresAt: Date }[] = []) {
  const asked: string[] = [];
  let on: ListenHandlers | undefined;
  const driver: SqlDriver = {
    kind: 'pg',
    query: () => Promise.reject(new Error('the mirror must go through the store')),
    exec: () => Promise.resolve(),
    listen(channel, handlers) {
      expect(channel).toBe('cruddur_revoked');
      on = handlers;
      return Promise.resolve(() => Promise.resolve());
    },
    close: () => Promise.resolve(),
  };
  const store = {
    liveRevocations: () => Promise.resolve(rows),
    isRevoked: (jti: string) => {
      asked.push(jti);
      return Promise.resolve(jti === 'in-db');
    },
    revokeToken: () => Promise.resolve(),
  };
  const handlers = () => {
    if (!on) throw new Error('not subscribed');
    return on;
  };
  return { driver, store, asked, handlers };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('revocation mirror', () => {
  it('before the subscription is ready, every check asks the database', async () => {
    const { driver, store, asked } = setup();
    const list = await createRevocations(driver, store);
    expect(await list.isRevoked('in-db')).toBe(true);
    expect(await list.isRevoked('other')).toBe(false);
    expect(asked).toEqual(['in-db', 'other']);
    await list.close();
  });

  it('once ready it loads the live list and answers from memory; notifications add to it', async () => {
    const { driver, store, asked, handlers } = setup([{ jti: 'loaded', expiresAt: new Date(SOON) }]);
    const list = await createRevocations(driver, store);
    handlers().ready();
    await settle();
    expect(list.mirrored()).toBe(true);
    handlers().notify(`${SOON} pushed with spaces`);
    handlers().notify('garbage');
    expect([await list.isRevoked('loaded'), await list.isRevoked('pushed with spaces'), await list.isRevoked('in-db'), await list.isRevoked('garbage')]).toEqual([true, true, false, false]);
    expect(asked).toEqual([]);
    // An entry stops counting at its token's expiry.
    expect(await list.isRevoked('loaded', new Date(SOON + 1))).toBe(false);
    await list.close();
  });

  it('a lost subscription falls back to the database until the next ready reloads', async () => {
    const { driver, store, asked, handlers } = setup();
    const list = await createRevocations(driver, store);
    handlers().ready();
    await settle();
    handlers().lost();
    expect(list.mirrored()).toBe(false);
    expect(await list.isRevoked('in-db')).toBe(true);
    expect(asked).toEqual(['in-db']);
    handlers().ready();
    await settle();
    expect(list.mirrored()).toBe(true);
    await list.close();
  });

  it('a revocation made here is refused here at once, before any notification', async () => {
    const { driver, store, handlers } = setup();
    const list = await createRevocations(driver, store);
    handlers().ready();
    await settle();
    await list.revoke('mine', new Date(SOON));
    expect(await list.isRevoked('mine')).toBe(true);
    await list.close();
  });
});
