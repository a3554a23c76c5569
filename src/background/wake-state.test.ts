import { describe, expect, it, vi } from 'vitest';
import { signedOut, type AuthState } from '../shared/auth-state.ts';
import { wakeState } from './wake-state.ts';

const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };

function sources(mirror: AuthState | undefined) {
  let loaded: AuthState | undefined;
  let load!: () => void;
  const ready = new Promise<void>((resolve) => (load = resolve));
  const mirrored = vi.fn(async () => mirror);
  return { mirrored, o: { mirrored, loaded: () => loaded, ready }, finish: (state: AuthState) => ((loaded = state), load()) };
}

describe('wakeState', () => {
  it('answers the mirrored state while the session loads, without waiting for it', async () => {
    const { o } = sources(ANA);
    expect(await wakeState(o)()).toEqual(ANA);
  });

  it('waits for the loaded state when there is no mirror (after a browser restart)', async () => {
    const { o, finish } = sources(undefined);
    const answer = wakeState(o)();
    finish(signedOut('session-expired'));
    expect(await answer).toEqual(signedOut('session-expired'));
  });

  it('answers the loaded state once there is one, without reading the mirror', async () => {
    const { o, finish, mirrored } = sources(ANA);
    finish(signedOut('user'));
    expect(await wakeState(o)()).toEqual(signedOut('user'));
    expect(mirrored).not.toHaveBeenCalled();
  });

  it('reads the mirror once however many pages ask while the session loads', async () => {
    const { o, mirrored } = sources(ANA);
    const state = wakeState(o);
    expect(await Promise.all([state(), state(), state()])).toEqual([ANA, ANA, ANA]);
    expect(mirrored).toHaveBeenCalledOnce();
  });

  it('fails, rather than inventing a state, when the session never loads', async () => {
    const o = { mirrored: async () => undefined, loaded: () => undefined, ready: Promise.resolve() };
    await expect(wakeState(o)()).rejects.toThrow('the session did not load');
  });
});
