/**
 * The sentences only the options page shows on its own: the browser did not grant, or could not
 * ask for, access to the sites the user entered. Part of the one table like PAGE_MESSAGES
 * (`PLAIN_MESSAGES` in error-codes.ts spreads these in too), apart so the popup and the feed
 * page do not load them.
 */
import type { PermissionCode } from './page-error-messages.ts';

export const PERMISSION_MESSAGES: Record<PermissionCode, string> = {
  'permission-denied': 'The browser did not grant access to these sites, so nothing was saved. Save again and choose Allow.',
  'permission-not-asked': 'The browser could not ask for access to these sites, so nothing was saved or tested. Please try again.',
};
