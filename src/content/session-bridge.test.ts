import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sent = vi.hoisted(() => ({ calls: [] as unknown[][], fail: false, answer: { offered: false } as { offered: boolean; retryInMs?: number } }));
vi.mock('../shared/messaging.ts', () => ({
  send: vi.fn(async (...args: unknown[]) => {
    sent.calls.push(args);
    if (sent.fail) throw new Error('Extension context invalidated.');
    return sent.answer;
  }),
}));
vi.mock('../shared/browser.ts', () => ({ browser: { runtime: { id: 'ext' } } }));

const { reportWebSession } = await import('./session-bridge.ts');
const { RECHECK_MS } = await import('./web-session.ts');

const P = 'CognitoIdentityServiceProvider';
const listeners: Record<string, (e: Event) => void> = {};
const entries: Record<string, string> = {};
const storage = { getItem: (k: string) => entries[k] ?? null };
const signIn = (n: number) => {
  entries[`${P}.ours.LastAuthUser`] = 'sub-1';
  entries[`${P}.ours.sub-1.accessToken`] = `access-${n}`;
  entries[`${P}.ours.sub-1.refreshToken`] = `refresh-${n}`;
};

beforeEach(() => {
  vi.useFakeTimers();
  sent.calls.length = 0;
  sent.fail = false;
  sent.answer = { offered: false };
  for (const k of Object.keys(entries)) delete entries[k];
  // The content script's window and document, as far as the bridge listens to them.
  for (const k of Object.keys(listeners)) delete listeners[k];
  const listen = (type: string, fn: (e: Event) => void) => (listeners[type] = fn);
  vi.stubGlobal('addEventListener', vi.fn(listen));
  vi.stubGlobal('document', { addEventListener: vi.fn(listen) });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('reporting the web app session to the background', () => {
  it('reports the first finding, then only changes', async () => {
    signIn(1);
    reportWebSession('ours', new AbortController().signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 3);
    signIn(2);
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(sent.calls).toEqual([
      ['web-session/report', { clientId: 'ours', accessToken: 'access-1', refreshToken: 'refresh-1' }],
      ['web-session/report', { clientId: 'ours', accessToken: 'access-2', refreshToken: 'refresh-2' }],
    ]);
  });

  it('tries again after a failure while the extension is only restarting', async () => {
    signIn(1);
    sent.fail = true;
    reportWebSession('ours', new AbortController().signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 2);
    expect(sent.calls).toHaveLength(3);
  });

  it('stops for good once the extension is gone (reloaded or removed)', async () => {
    signIn(1);
    sent.fail = true;
    reportWebSession('ours', new AbortController().signal, storage, () => true);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 10);
    signIn(2);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 10);
    expect(sent.calls).toHaveLength(1);
  });

  it('stops when its owner aborts', async () => {
    signIn(1);
    const owner = new AbortController();
    reportWebSession('ours', owner.signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(0);
    owner.abort();
    signIn(2);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 5);
    expect(sent.calls).toHaveLength(1);
  });

  it.each(['focus', 'visibilitychange'])('re-sends the same finding on a trusted %s, never on one a page script dispatched', async (type) => {
    signIn(1);
    reportWebSession('ours', new AbortController().signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 1000; i++) listeners[type]?.({ isTrusted: false } as Event);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.calls).toHaveLength(1);
    listeners[type]?.({ isTrusted: true } as Event);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.calls).toHaveLength(2);
  });

  it('ignores a storage event a page script dispatched, even after the page changed its session', async () => {
    signIn(1);
    reportWebSession('ours', new AbortController().signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(0);
    signIn(2);
    listeners.storage?.({ isTrusted: false } as Event);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.calls).toHaveLength(1);
    // The regular re-check still finds the change.
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(sent.calls).toHaveLength(2);
  });

  it("reports once more when the origin's Cognito budget allows it again, and only then", async () => {
    signIn(1);
    sent.answer = { offered: false, retryInMs: 40_000 };
    reportWebSession('ours', new AbortController().signal, storage, () => false);
    await vi.advanceTimersByTimeAsync(39_000);
    expect(sent.calls).toHaveLength(1);
    sent.answer = { offered: true };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent.calls).toHaveLength(2);
  });
});
