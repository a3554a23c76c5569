/**
 * The redirect URLs the extension's builds get from `identity.getRedirectURL()`, for `npm start`
 * to list in the local app client's callback and sign-out URLs (managed login refuses any other):
 * - Chrome: `https://<extension id>.chromiumapp.org/`; an unpacked extension's id comes from its
 *   folder (Chromium's `id_util`: SHA-256 of the absolute path, the first 16 bytes in hex, each
 *   digit 0–f written a–p), so `dist/chrome` of this checkout has a fixed one;
 * - Firefox: `https://<SHA-1 of the add-on id, hex>.extensions.allizom.org/`, from the gecko id.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GECKO_ID } from '../manifest.ts';

/** Chromium's id for an unpacked extension loaded from `dir` (an absolute, symlink-free path). */
export function unpackedChromeId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(0x61 + Number.parseInt(digit, 16))).join('');
}

export const chromeRedirectUrl = (extensionId: string) => `https://${extensionId}.chromiumapp.org/`;

export const firefoxRedirectUrl = (addonId: string = GECKO_ID) => `https://${createHash('sha1').update(addonId).digest('hex')}.extensions.allizom.org/`;

/** Both browsers' redirect URLs for the builds in `<root>/dist` (Chrome's as Chromium resolves the folder). */
export function extensionRedirectUrls(root: string): string[] {
  const real = existsSync(root) ? realpathSync(root) : resolve(root);
  return [chromeRedirectUrl(unpackedChromeId(join(real, 'dist', 'chrome'))), firefoxRedirectUrl()];
}
