/** Whether a "Continue as" offer waits (shared/offer-waiting.ts), followed live from storage.local. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { OFFER_WAITING } from '../shared/offer-waiting.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';
import { getItem } from '../shared/storage-keys.ts';

export function useOfferWaiting(): boolean {
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    let live = true;
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[OFFER_WAITING.key];
      if (area === 'local' && change) setWaiting(change.newValue === true);
    };
    browser.storage.onChanged.addListener(listener);
    getItem(storageAreaKV(browser.storage, 'local'), OFFER_WAITING).then(
      (value) => live && setWaiting(value === true),
      () => undefined,
    );
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(listener);
    };
  }, []);
  return waiting;
}
