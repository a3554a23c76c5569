// The state port alone keeps a page current: the worker's push on connect, every change after,
// a reconnect after a worker stop, and a word when the worker could not give its state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthState } from './auth-state.ts';

/** A fake port: what the page listens to, and how the test plays the worker's side. */
function fakePort(name: string) {
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  return {
    name,
    disconnected: false,
    onMessage: { addListener: (f: (m: unknown) => void) => onMessage.push(f) },
    onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
    disconnect() {
      this.disconnected = true;
    },
    workerSends: (m: unknown) => onMessage.forEach((f) => f(m)),
    workerCloses: () => onDisconnect.forEach((f) => f()),
  };
}
type FakePort = ReturnType<typeof fakePort>;

const fake = vi.hoisted(() => ({ connect: (_o: { name: string }): unknown => undefined }));
vi.mock('./browser.ts', () => ({ browser: { runtime: { connect: (o: { name: string }) => fake.connect(o) } } }));
const { watchAuthState } = await import('./state-port.ts');

const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };
const OUT: AuthState = { status: 'signed-out' };

describe('watchAuthState', () => {
  let ports: FakePort[];
  beforeEach(() => {
    vi.useFakeTimers();
    ports = [];
    fake.connect = ({ name }) => {
      const port = fakePort(name);
      ports.push(port);
      return port;
    };
  });
  afterEach(() => vi.useRealTimers());

  function watch() {
    const states: AuthState[] = [];
    const onUnavailable = vi.fn();
    const stop = new AbortController();
    watchAuthState({ name: 'page', onState: (s) => states.push(s), onUnavailable, delaysMs: [250, 1000], signal: stop.signal });
    return { states, onUnavailable, stop };
  }

  it('passes on the push that comes as the port connects and every later one, nothing else', () => {
    const { states, onUnavailable } = watch();
    expect(ports.map((p) => p.name)).toEqual(['page']);
    ports[0]!.workerSends({ type: 'auth/changed', state: ANA });
    ports[0]!.workerSends({ type: 'something/else', state: OUT });
    ports[0]!.workerSends({ type: 'auth/changed', state: OUT });
    expect(states).toEqual([ANA, OUT]);
    expect(onUnavailable).not.toHaveBeenCalled();
  });

  it('reconnects after a worker stop without asking anything: the new port brings the state', () => {
    const { states, onUnavailable } = watch();
    ports[0]!.workerSends({ type: 'auth/changed', state: ANA });
    ports[0]!.workerCloses();
    vi.advanceTimersByTime(249);
    expect(ports).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ports).toHaveLength(2);
    ports[1]!.workerSends({ type: 'auth/changed', state: OUT });
    expect(states).toEqual([ANA, OUT]);
    expect(onUnavailable).not.toHaveBeenCalled();
  });

  it('says the worker is unavailable when a port closes before bringing a state, and keeps trying', () => {
    const { states, onUnavailable } = watch();
    ports[0]!.workerCloses();
    expect(onUnavailable).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(250);
    ports[1]!.workerCloses();
    expect(onUnavailable).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    ports[2]!.workerSends({ type: 'auth/changed', state: ANA });
    expect(states).toEqual([ANA]);
  });

  it('says so too when the extension context is gone (connect throws)', () => {
    fake.connect = () => {
      throw new Error('Extension context invalidated.');
    };
    expect(watch().onUnavailable).toHaveBeenCalledTimes(1);
  });

  it('closes its port and stops reconnecting when aborted', () => {
    const { stop, onUnavailable } = watch();
    stop.abort();
    expect(ports[0]!.disconnected).toBe(true);
    ports[0]!.workerCloses();
    vi.advanceTimersByTime(10_000);
    expect(ports).toHaveLength(1);
    expect(onUnavailable).not.toHaveBeenCalled();
  });
});
