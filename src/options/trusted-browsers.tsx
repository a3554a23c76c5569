/**
 * Settings → Trusted devices, for a signed-in user: the browsers that skip the sign-in code
 * ("Trust this browser" after a code), from Cognito's ListDevices, this one marked; "Forget"
 * asks Cognito to forget one (ForgetDevice), this browser included: its next sign-in asks for
 * the code again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TrustedBrowser } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';

export const TRUSTED_SENTENCES = {
  intro: 'These browsers skip the sign-in code, because you chose “Trust this browser” there. Forget one you no longer use.',
  none: 'No trusted browsers. When sign-in asks for a code, tick “Trust this browser” to skip it next time.',
  loading: 'Loading your trusted browsers…',
  thisBrowser: 'This browser',
  forget: 'Forget',
  forgot: 'Forgotten: that browser will ask for a code at its next sign-in.',
  lastUsed: 'Last used',
} as const;

const when = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function TrustedBrowsersSection() {
  const [devices, setDevices] = useState<TrustedBrowser[] | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const load = useAction(async () => setDevices(await send('devices/list')));
  useEffect(() => void load.run(), []);
  const forget = useAction(async (deviceKey: string) => {
    setNotice(undefined);
    setDevices(await send('devices/forget', { deviceKey }));
    setNotice(TRUSTED_SENTENCES.forgot);
  });

  return (
    <div data-testid="trusted-browsers">
      <p>{TRUSTED_SENTENCES.intro}</p>
      {devices === null ? (
        load.pending && <p>{TRUSTED_SENTENCES.loading}</p>
      ) : devices.length === 0 ? (
        <p data-testid="trusted-none">{TRUSTED_SENTENCES.none}</p>
      ) : (
        <ul class="trusted" aria-label="Trusted browsers">
          {devices.map((d) => (
            <li key={d.key} class="trusted__item" data-testid="trusted-browser">
              <span>
                <strong>{d.name}</strong>
                {d.thisBrowser && (
                  <>
                    {' '}
                    <span class="card__tag">{TRUSTED_SENTENCES.thisBrowser}</span>
                  </>
                )}
                {d.lastUsedAt !== undefined && (
                  <span class="trusted__when">
                    {' '}
                    · {TRUSTED_SENTENCES.lastUsed} {when(d.lastUsedAt)}
                  </span>
                )}
              </span>
              <ActionButton onClick={() => void forget.run(d.key)} disabled={forget.pending} testId={d.thisBrowser ? 'trusted-forget-this' : 'trusted-forget'}>
                {TRUSTED_SENTENCES.forget}
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
