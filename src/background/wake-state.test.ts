import { describe, expect, it } from 'vitest';
import { signedOut, type AuthState } from '../shared/auth-state.ts';
import { wakeState } from './wake-state.ts';

const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };

function sources(mirror: AuthState | undefined) {
  let loaded: AuthState | undefined;
  let load!: () => void;
  const ready = new Promise<void>((resolve) => (load = resolve));
  return { o: { mirrored: Promise.resolve(mirror), loaded: () => loaded, ready }, finish: (state: AuthState) => ((loaded = state), load()) };
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

  it('answers the loaded state once there is one, whatever the mirror says', async () => {
    const { o, finish } = sources(ANA);
    finish(signedOut('user'));
    expect(await wakeState(o)()).toEqual(signedOut('user'));
  });

  it('fails, rather than inventing a state, when the session never loads', async () => {
    const o = { mirrored: Promise.resolve(undefined), loaded: () => undefined, ready: Promise.resolve() };
    await expect(wakeState(o)()).rejects.toThrow('the session did not load');
  });
});
