/**
 * The state `auth/state` answers. A woken worker's first message is usually that question, and
 * loading the stored session (settings, IndexedDB, the token manager) takes longer than reading
 * one key of `storage.session`: until the session is loaded, the answer is the state this worker
 * announced last (mirrored there for pages' first paint, shared/first-paint.ts). The mirror is
 * written on every change, so it differs from the loaded state only if the worker stopped between
 * the two writes; the loaded state is then pushed on every port, as every change is.
 */
import type { AuthState } from '../shared/auth-state.ts';

export interface WakeStateSources {
  /** Reads the mirror (undefined: none, e.g. after a browser restart); called once, when first needed. */
  mirrored(): Promise<AuthState | undefined>;
  /** The loaded state, or undefined while the session loads. */
  loaded(): AuthState | undefined;
  /** Settles when the session is loaded. */
  ready: Promise<unknown>;
}

export function wakeState(o: WakeStateSources): () => Promise<AuthState> {
  const afterLoad = async () => {
    await o.ready;
    const state = o.loaded();
    if (!state) throw new Error('the session did not load');
    return state;
  };
  // Read only if a page asks before the session is loaded: a wake for anything else costs no read.
  let mirror: Promise<AuthState | undefined> | undefined;
  return async () => o.loaded() ?? (await (mirror ??= o.mirrored())) ?? afterLoad();
}
