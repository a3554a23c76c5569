/**
 * Posting from the popup's composer: a pending crud made up here from what the user typed
 * (optimistic) goes on top of the feed at once, then the API's own object once accepted, or
 * nothing if it was refused (the composer shows why). Loaded with the composer, not at open.
 */
import { CRUD_TTL_HOURS } from '../shared/wire-constants.ts';
import type { Dispatch, StateUpdater } from 'preact/hooks';
import type { Activity } from '../shared/activity.ts';
import type { AuthState } from '../shared/auth-state.ts';
import type { NewCrud } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';

type User = Extract<AuthState, { status: 'signed-in' }>['user'];

/** The home view's state that a post changes: the posted cruds, and which of them are pending. */
export interface PostedState {
  user: User;
  setPosted: Dispatch<StateUpdater<Activity[]>>;
  setPendingIds: Dispatch<StateUpdater<ReadonlySet<string>>>;
}


let counter = 0;

/** The crud as it will look, with a local id (`pending-…`) until the API gives it its own. */
export function optimisticCrud(crud: NewCrud, user: User, now = Date.now()): Activity {
  counter += 1;
  return {
    uuid: `pending-${now}-${counter}`,
    display_name: user.name || user.handle,
    handle: user.handle,
    message: crud.message.trim(),
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + CRUD_TTL_HOURS[crud.ttl] * 3_600_000).toISOString(),
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
  };
}

/** Sends the crud; resolves when the API accepted it, rejects with its reasons (e.g. a 422's fields) if not. */
export async function postCrud(crud: NewCrud, s: PostedState, sendCrud = (c: NewCrud) => send('crud/post', c)): Promise<void> {
  const draft = optimisticCrud(crud, s.user);
  s.setPosted((p) => [draft, ...p]);
  s.setPendingIds((ids) => new Set(ids).add(draft.uuid));
  try {
    const accepted = await sendCrud(crud);
    s.setPosted((p) => p.map((a) => (a.uuid === draft.uuid ? accepted : a)));
  } catch (e) {
    s.setPosted((p) => p.filter((a) => a.uuid !== draft.uuid));
    throw e;
  } finally {
    s.setPendingIds((ids) => {
      const next = new Set(ids);
      next.delete(draft.uuid);
      return next;
    });
  }
}
