// The state port's worker side: the current state as a page connects, every change after, the
// session held while the popup is open, and a closed port when the state cannot be had.
import { describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import type { Runtime } from '../shared/browser.ts';
import { createPortHub } from './port-hub.ts';

const ext = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const POPUP = { id: 'ext-id', url: 'chrome-extension://ext-id/src/popup/index.html' };
const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };
const OUT: AuthState = { status: 'signed-out' };

function fakePort(name: string, sender: object = POPUP) {
  const onDisconnect: (() => void)[] = [];
  const port = {
    name,
    sender,
    sent: [] as unknown[],
    disconnected: false,
    postMessage: (m: unknown) => port.sent.push(m),
    disconnect: () => (port.disconnected = true),
    onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
    pageCloses: () => onDisconnect.forEach((f) => f()),
  };
  return { port, asPort: port as unknown as Runtime.Port };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createPortHub', () => {
  it('pushes the current state as the popup connects, then every change, and holds the session until it goes', async () => {
    const release = vi.fn();
    const hold = vi.fn(async () => release);
    const hub = createPortHub({ ext, state: async () => ANA, hold });
    const { port, asPort } = fakePort('page');
    hub.connect(asPort);
    await settle();
    expect(port.sent).toEqual([{ type: 'auth/changed', state: ANA }]);
    expect(hold).toHaveBeenCalledTimes(1);
    hub.broadcast(OUT);
    expect(port.sent.at(-1)).toEqual({ type: 'auth/changed', state: OUT });
    port.pageCloses();
    expect(release).toHaveBeenCalledTimes(1);
    hub.broadcast(ANA);
    expect(port.sent).toHaveLength(2);
  });

  it('closes the port when the state cannot be had, so the page knows, and stops pushing to it', async () => {
    const release = vi.fn();
    const hub = createPortHub({ ext, state: () => Promise.reject(new Error('the session did not load')), hold: async () => release });
    const { port, asPort } = fakePort('page');
    hub.connect(asPort);
    await settle();
    expect(port.disconnected).toBe(true);
    expect(port.sent).toEqual([]);
    expect(release).toHaveBeenCalledTimes(1);
    hub.broadcast(ANA);
    expect(port.sent).toEqual([]);
  });

  it('refuses a port its audience does not admit, before anything is asked', async () => {
    const state = vi.fn(async () => ANA);
    const hold = vi.fn(async () => () => undefined);
    const hub = createPortHub({ ext, state, hold });
    const { port, asPort } = fakePort('page', { id: 'another-extension', url: 'chrome-extension://another-extension/x.html' });
    hub.connect(asPort);
    await settle();
    expect(port.disconnected).toBe(true);
    expect(state).not.toHaveBeenCalled();
    expect(hold).not.toHaveBeenCalled();
  });
});
