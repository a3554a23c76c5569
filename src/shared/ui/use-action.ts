/**
 * Runs one async action at a time for a form: `pending` drives the disabled button and
 * aria-busy, a ref (not state) blocks a second submit that arrives before the re-render.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { toUiError, type UiError } from './ui-error.ts';

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  error: UiError | null;
  clearError: () => void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const busy = useRef(false);
  const latest = useRef(fn);
  latest.current = fn;

  const run = useCallback(async (...args: A) => {
    if (busy.current) return undefined;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (e) {
      setError(toUiError(e));
      return undefined;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);

  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}
