/**
 * Resolves just after the browser paints the next frame (a frame callback, then a task). Pages
 * that draw from cache wait on it before any message that wakes a stopped worker: its start
 * (tens of milliseconds of script loading on a thread of the same process) would otherwise
 * compete with the paint the user is waiting for. Where frames never come (a hidden page, tests
 * without them), a timer stands in after `fallbackMs`.
 */
export function afterPaint(fallbackMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, fallbackMs);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
