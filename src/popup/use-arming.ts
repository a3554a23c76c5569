/**
 * The Arming of a confirming button (arming.ts), wired to the popup's document: the delay
 * starts when the view is visible and its window focused, restarts after it was hidden or
 * blurred, and every key or pointer press is noted so one begun before arming cannot end on it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Arming } from './arming.ts';

export function useArming(delayMs?: number): { armed: boolean; accepts: () => boolean } {
  const [armed, setArmed] = useState(false);
  const arming = useMemo(() => new Arming({ onChange: setArmed, delayMs }), [delayMs]);

  useEffect(() => {
    const stop = new AbortController();
    const { signal } = stop;
    const restart = () => (document.visibilityState === 'visible' ? arming.start() : arming.stop());
    const press = (e: KeyboardEvent | PointerEvent) => arming.press('repeat' in e && e.repeat);
    document.addEventListener('visibilitychange', restart, { signal });
    addEventListener('focus', restart, { signal });
    addEventListener('blur', () => arming.stop(), { signal });
    // Capture: the press is noted before any handler of the view sees it.
    document.addEventListener('keydown', press, { signal, capture: true });
    document.addEventListener('pointerdown', press, { signal, capture: true });
    restart();
    return () => {
      stop.abort();
      arming.stop();
    };
  }, [arming]);

  return { armed, accepts: () => arming.accepts() };
}
