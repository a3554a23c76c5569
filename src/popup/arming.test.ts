import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARM_DELAY_MS, Arming } from './arming.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const changes: boolean[] = [];
  // An option left undefined takes its default (the hook passes `delayMs` through as given).
  const arming = new Arming({ onChange: (armed) => changes.push(armed), now: () => Date.now(), delayMs: undefined });
  return { arming, changes };
}

describe('Continue waits for a deliberate act', () => {
  it('is inert until the view has been visible for the delay, then accepts', () => {
    const { arming, changes } = setup();
    arming.start();
    vi.advanceTimersByTime(ARM_DELAY_MS - 1);
    expect(arming.accepts()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(arming.accepts()).toBe(true);
    expect(changes).toEqual([true]);
  });

  it('starts the delay again after the popup was hidden or lost focus', () => {
    const { arming, changes } = setup();
    arming.start();
    vi.advanceTimersByTime(ARM_DELAY_MS);
    arming.stop();
    expect(arming.accepts()).toBe(false);
    arming.start();
    vi.advanceTimersByTime(ARM_DELAY_MS / 2);
    expect(arming.accepts()).toBe(false);
    vi.advanceTimersByTime(ARM_DELAY_MS / 2);
    expect(arming.accepts()).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it('a blur during the delay keeps it inert (no timer left behind)', () => {
    const { arming, changes } = setup();
    arming.start();
    vi.advanceTimersByTime(ARM_DELAY_MS / 2);
    arming.stop();
    vi.advanceTimersByTime(ARM_DELAY_MS * 5);
    expect(arming.accepts()).toBe(false);
    expect(changes).toEqual([]);
  });

  it('ignores the end of a press that began before it was armed (the Enter meant for the page)', () => {
    const { arming } = setup();
    arming.start();
    arming.press();
    vi.advanceTimersByTime(ARM_DELAY_MS);
    // The key is held: its repeats are no new press.
    arming.press(true);
    expect(arming.accepts()).toBe(false);
    vi.advanceTimersByTime(300);
    arming.press();
    expect(arming.accepts()).toBe(true);
  });
});
