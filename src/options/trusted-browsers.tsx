/**
 * Settings → Trusted devices, for a signed-in user: the browsers that skip the sign-in code
 * ("Trust this browser" after a code), from Cognito's ListDevices, this one marked; "Forget"
 * asks Cognito to forget one (ForgetDevice), this browser included: its next sign-in asks for
 * the code again.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDate, t } from '../shared/i18n.ts';
import type { TrustedBrowser } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';

// A date as the user's language writes it: "6 Dec 2026", "6. Dez. 2026", "2026年12月6日".
const when = (ms: number) => formatDate(ms, { year: 'numeric', month: 'short', day: 'numeric' });

export function TrustedBrowsersSection() {
  const [devices, setDevices] = useState<TrustedBrowser[] | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const load = useAction(async () => setDevices(await send('devices/list')));
  useEffect(() => void load.run(), []);
  const forget = useAction(async (deviceKey: string) => {
    setNotice(undefined);
    setDevices(await send('devices/forget', { deviceKey }));
    setNotice(t('options_forgotten'));
  });

  return (
    <div data-testid="trusted-browsers">
      <p>{t('options_trustedIntro')}</p>
      {devices === null ? (
        load.pending && <p>{t('options_trustedLoading')}</p>
      ) : devices.length === 0 ? (
        <p data-testid="trusted-none">{t('options_trustedNone')}</p>
      ) : (
        <ul class="trusted" aria-label={t('options_trustedList')}>
          {devices.map((d) => (
            <li key={d.key} class="trusted__item" data-testid="trusted-browser">
              <span>
                <strong>{d.name}</strong>
                {d.thisBrowser && (
                  <>
                    {' '}
                    <span class="card__tag">{t('options_thisBrowser')}</span>
                  </>
                )}
                {d.lastUsedAt !== undefined && (
                  <span class="trusted__when">
                    {' '}
                    · {t('options_lastUsed', when(d.lastUsedAt))}
                  </span>
                )}
              </span>
              <ActionButton onClick={() => void forget.run(d.key)} disabled={forget.pending} testId={d.thisBrowser ? 'trusted-forget-this' : 'trusted-forget'}>
                {t('options_forget')}
                <span class="visually-hidden"> {d.name}</span>
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
      <Notice testId="trusted-notice">{notice}</Notice>
      <ErrorAlert message={(forget.error ?? load.error)?.message} testId="trusted-error" />
    </div>
  );
}
