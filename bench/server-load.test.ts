import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { childStarted } from './server-load.ts';

/** Stands in for the forked child: only its events matter to `childStarted`. */
const fakeChild = () => new EventEmitter() as EventEmitter & Parameters<typeof childStarted>[0];

describe('the API child start (slow-machine tolerance)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves to the URL the child reports once it listens, and stops listening to it', async () => {
    const child = fakeChild();
    const started = childStarted(child, 1_000);
    child.emit('message', { url: 'http://127.0.0.1:4567' });
    await expect(started).resolves.toBe('http://127.0.0.1:4567');
    expect(child.listenerCount('message')).toBe(0);
    expect(child.listenerCount('exit')).toBe(0);
  });

  it.each([
    ['reports an error', (c: EventEmitter) => c.emit('message', { error: 'EADDRINUSE' }), 'the API server child process (bench/api-child.ts) could not start: EADDRINUSE'],
    ['exits before listening', (c: EventEmitter) => c.emit('exit', 1), 'the API server child process (bench/api-child.ts) exited (code 1) before it listened'],
  ])('fails at once, naming the child, when it %s', async (_, happen, message) => {
    const child = fakeChild();
    const started = childStarted(child, 120_000);
    happen(child);
    await expect(started).rejects.toThrow(message);
  });

  it('says how long it waited and what to raise when the child stays silent past the deadline', async () => {
    vi.useFakeTimers();
    const child = fakeChild();
    const started = childStarted(child, 90_000);
    const settled = expect(started).rejects.toThrow(/did not listen .*BENCH_START_TIMEOUT_MS.*no answer within 90000 ms/);
    await vi.advanceTimersByTimeAsync(89_999);
    child.emit('message', 'not a start message');
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });
});
