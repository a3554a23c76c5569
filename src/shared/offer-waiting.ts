/**
 * "An offer waits": whether the popup can continue with the Cruddur sign-in a site in this
 * browser holds, as a bare yes or no (no name: see src/background/offer-badge.ts). The worker
 * writes it to storage.session; the feed page follows it (src/feed/use-offer-waiting.ts) to
 * point signed-out people to the toolbar button.
 */
import { sessionItem } from './session-item.ts';

export const OFFER_WAITING = sessionItem<boolean>('ui:offer-waiting');
