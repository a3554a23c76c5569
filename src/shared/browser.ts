/**
 * The one import of webextension-polyfill: `browser.*` with promises in Chrome and Firefox.
 * Chromium 156 has a native `browser`, which the polyfill passes through.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime } from 'webextension-polyfill';
