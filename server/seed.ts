// Demo data, written idempotently on every start: Cruddur's own mock cruds (backend-flask
// services/home_activities.py) and the @cruddur account that welcomes each new user.
// Fixed uuids make re-seeding a no-op; seed times are refreshed so a persistent database
// never ends up with an empty, expired demo feed.
import { createHash } from 'node:crypto';
import type { Store, UserProfile } from './store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type SeedUser = UserProfile & { handle: string };

export const CRUDDUR: SeedUser = { sub: 'seed:cruddur', username: 'cruddur', email: '', name: 'Cruddur', handle: 'cruddur' };
const ANDREW: SeedUser = { sub: 'seed:andrewbrown', username: 'andrewbrown', email: '', name: 'Andrew Brown', handle: 'andrewbrown' };
const WORF: SeedUser = { sub: 'seed:worf', username: 'worf', email: '', name: 'Worf', handle: 'worf' };
const GAREK: SeedUser = { sub: 'seed:garek', username: 'garek', email: '', name: 'Garek', handle: 'garek' };

export async function seed(store: Store, now = new Date()): Promise<void> {
  for (const user of [CRUDDUR, ANDREW, WORF, GAREK]) await store.upsertUser(user);
  const t = now.getTime();
  const cloud = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
  await store.putActivity({
    uuid: cloud, userSub: ANDREW.sub, message: 'Cloud is fun!',
    createdAt: new Date(t - 2 * DAY), expiresAt: new Date(t + 5 * DAY),
    likesCount: 5, repliesCount: 1,
  }, 'refresh');
  await store.putActivity({
    uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67', userSub: WORF.sub, replyTo: cloud,
    message: 'This post has no honor!',
    createdAt: new Date(t - 2 * DAY + HOUR), expiresAt: new Date(t + 5 * DAY),
  }, 'refresh');
  await store.putActivity({
    uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67', userSub: WORF.sub, message: 'I am out of prune juice',
    createdAt: new Date(t - 7 * DAY), expiresAt: new Date(t + 9 * DAY),
  }, 'refresh');
  await store.putActivity({
    uuid: '248959df-3079-4947-b847-9e0892d1bab4', userSub: GAREK.sub, message: 'My dear doctor, I am just simple tailor',
    createdAt: new Date(t - HOUR), expiresAt: new Date(t + 12 * HOUR),
  }, 'refresh');
}

/**
 * The crud @cruddur addresses to a user once: it is what makes a home feed personal. It names
 * the handle the user holds when it is written (none for an account still without one).
 */
export async function ensureWelcome(store: Store, user: UserProfile, now = new Date()): Promise<void> {
  await store.putActivity({
    uuid: stableUuid(`welcome:${user.sub}`),
    userSub: CRUDDUR.sub,
    recipientSub: user.sub,
    message: `Welcome to Cruddur${user.handle ? `, @${user.handle}` : ''}! Your cruds and replies to you show up here.`,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 30 * DAY),
  }, 'keep');
}

/** A name-based UUID (version 5 layout over SHA-256), so the same input always maps to one row. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
