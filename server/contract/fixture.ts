// What the store contracts share: a fresh store on the driver under test, unique users, a clock.
import { afterAll, beforeAll } from 'vitest';
import { seed } from '../seed.ts';
import type { SqlDriver } from '../sql-driver.ts';
import { createStore, type CognitoProfile, type Store, type UserProfile } from '../store.ts';

export const T0 = new Date('2030-05-01T12:00:00.000Z');
const H = 3_600_000;
export const at = (hours: number) => new Date(T0.getTime() + hours * H);
export const uuid = () => crypto.randomUUID();

let n = 0;
/** A user nobody else in the run has (the pg contracts share one database). */
export function profile(tag: string, handle = `${tag}${(n += 1)}${Math.random().toString(36).slice(2, 6)}`): CognitoProfile {
  return { sub: `sub-${tag}-${uuid()}`, username: `${handle}@example.com`, email: `${handle}@example.com`, name: `${tag} ${n}`, requestedHandle: handle };
}

/** A stored user holding its handle, ready to post. */
export async function member(store: Store, tag: string): Promise<UserProfile & { handle: string }> {
  const saved = await store.saveProfile(profile(tag));
  if (saved.handle === null) throw new Error('fixture user did not get its handle');
  return { ...saved, handle: saved.handle };
}

/** Opens a store before the describe's tests and closes it after; `get()` returns it. */
export function useStore(open: () => Promise<SqlDriver>): { get(): Store; driver(): SqlDriver } {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await createStore(await open());
    await seed(store, T0);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });
  const get = () => {
    if (!store) throw new Error('the store did not open');
    return store;
  };
  return { get, driver: () => get().driver };
}
