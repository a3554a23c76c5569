/**
 * Host permissions for the API and web-app origins, asked for at Save.
 *
 * `permissions.request` must run inside the click's user gesture, so the granted list is
 * read ahead of time and the click computes what is missing synchronously: the request is
 * then the first thing awaited.
 */
import { browser } from '../shared/browser.ts';

let granted: string[] = [];

/** Call at load and after every request; `missingPatterns` compares against this. */
export async function refreshGranted(): Promise<void> {
  granted = (await browser.permissions.getAll()).origins ?? [];
}

export function grantedOrigins(): readonly string[] {
  return granted;
}

/** True when nothing was missing or the user allowed everything asked for. */
export async function requestOrigins(missing: readonly string[]): Promise<boolean> {
  if (missing.length === 0) return true;
  try {
    return await browser.permissions.request({ origins: [...missing] });
  } finally {
    await refreshGranted().catch(() => undefined);
  }
}
