/**
 * "An offer waits": whether the popup can continue with the Cruddur sign-in a site in this
 * browser holds, as a bare yes or no (no name: see src/background/offer-badge.ts). The worker
 * writes it to storage.local; the feed page follows it (src/feed/use-offer-waiting.ts) to point
 * signed-out people to the toolbar button. storage.local, not storage.session: the feed page in
 * a web page's frame reads it, and Firefox gives such a frame no storage.session.
 */
import { localItem } from './storage-keys.ts';

export const OFFER_WAITING = localItem('ui:offer-waiting', false);
