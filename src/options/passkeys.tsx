/**
 * Settings → Passkeys, for a signed-in user: "Add a passkey" opens the pool's managed-login page
 * for it (`/passkeys/add`) in the browser's auth window. A passkey belongs to the host of that
 * page, so only managed login can register one and only managed login's sign-in page can use it:
 * the popup's "Use the sign-in page" then offers "Sign in with a passkey". Closing the window adds
 * nothing and says nothing.
 */
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';

export const PASSKEY_SENTENCES = {
  intro: 'Sign in with your fingerprint, face or device PIN instead of a password. The sign-in page adds the passkey in a window of its own; afterwards choose “Use the sign-in page” and “Sign in with a passkey”.',
  add: 'Add a passkey',
  adding: 'Waiting for the sign-in page…',
  added: 'Passkey added. Next time, choose “Use the sign-in page” and “Sign in with a passkey”.',
  signedOut: 'Sign in first: passkeys are a setting of your Cruddur account.',
} as const;

export function PasskeysSection() {
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const add = useAction(async () => {
    setNotice(undefined);
    const { added } = await send('auth/add-passkey');
    if (added) setNotice(PASSKEY_SENTENCES.added);
  });
  return (
    <div data-testid="passkeys">
      <p>{PASSKEY_SENTENCES.intro}</p>
      <ActionButton onClick={() => void add.run()} disabled={add.pending} testId="passkey-add">
        {add.pending ? PASSKEY_SENTENCES.adding : PASSKEY_SENTENCES.add}
      </ActionButton>
      <Notice testId="passkey-notice">{notice}</Notice>
      <ErrorAlert message={add.error?.message} testId="passkey-error" />
    </div>
  );
}
