/**
 * Settings → Passkeys, for a signed-in user: "Add a passkey" opens the pool's managed-login page
 * for it (`/passkeys/add`) in the browser's auth window. A passkey belongs to the host of that
 * page, so only managed login can register one and only managed login's sign-in page can use it:
 * the popup's "Use the sign-in page" then offers "Sign in with a passkey". Closing the window adds
 * nothing and says nothing.
 */
import { useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';

export function PasskeysSection() {
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const add = useAction(async () => {
    setNotice(undefined);
    const { added } = await send('auth/add-passkey');
    if (added) setNotice(t('options_passkeyAdded'));
  });
  return (
    <div data-testid="passkeys">
      <p>{t('options_passkeyIntro')}</p>
      <ActionButton onClick={() => void add.run()} disabled={add.pending} testId="passkey-add">
        {add.pending ? t('options_passkeyAdding') : t('options_passkeyAdd')}
      </ActionButton>
      <Notice testId="passkey-notice">{notice}</Notice>
      <ErrorAlert message={add.error?.message} testId="passkey-error" />
    </div>
  );
}
