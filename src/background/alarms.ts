import type { AlarmsPort } from '../auth/ports.ts';
import { browser } from '../shared/browser.ts';

export const REFRESH_ALARM = 'token-refresh';

/** Chrome fires alarms no sooner than 30 s from now (https://developer.chrome.com/docs/extensions/reference/api/alarms). */
const ALARM_MIN_DELAY_MS = 30_000;

/**
 * `browser.alarms` for the token manager. Alarms survive the worker being stopped; a timer
 * does not, so a short delay (a quick retry) uses a timer plus an alarm as the backstop.
 */
export function browserAlarms(onFire: () => void, now: () => number = Date.now): AlarmsPort {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    async schedule(atMs) {
      clearTimeout(timer);
      const delay = atMs - now();
      if (delay < ALARM_MIN_DELAY_MS) timer = setTimeout(onFire, Math.max(0, delay));
      await browser.alarms.create(REFRESH_ALARM, { when: Math.max(atMs, now() + ALARM_MIN_DELAY_MS) });
    },
    async clear() {
      clearTimeout(timer);
      await browser.alarms.clear(REFRESH_ALARM);
    },
  };
}
