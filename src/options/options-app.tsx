/**
 * Settings, for people first: the account on top (account.tsx), then the connection settings in
 * a section marked for developers: load, check, ask for host permissions, save, test, reset to
 * defaults. A change that will sign the user out says so before Save is pressed.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AuthState } from '../shared/auth-state.ts';
import { errorSentence } from '../shared/error-codes.ts';
import type { CheckResult } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { t } from '../shared/i18n.ts';
import { sameIdentityProvider, validateSettings, type Settings, type SettingsErrors } from '../shared/settings.ts';
import { ActionButton } from '../shared/ui/buttons.tsx';
import { SubmitButton } from '../shared/ui/submit-button.tsx';
import { ErrorAlert, Notice } from '../shared/ui/notices.tsx';
import { toUiError, type UiError } from '../shared/ui/ui-error.ts';
import { useAction } from '../shared/ui/use-action.ts';
import { useFocusFirstInvalid } from '../shared/ui/focus.ts';
import { AccountSections, Card, useAuthState } from './account.tsx';
import { ConnectionResult } from './connection-result.tsx';
import { grantedOrigins, refreshGranted, requestOrigins } from './host-permissions.ts';
import { fromForm, missingPatterns, toForm, type SettingsForm } from './settings-form.ts';
import { SettingsFields } from './settings-fields.tsx';

const DENIED = errorSentence('permission-denied');
// permissions.request rejects rather than asks, e.g. when Firefox no longer sees the click.
const NOT_ASKED = errorSentence('permission-not-asked');

export function OptionsApp() {
  const auth = useAuthState();
  const [form, setForm] = useState<SettingsForm | null>(null);
  // What is saved now: the form is compared with it to say what Save will do.
  const [saved, setSaved] = useState<Settings | null>(null);
  const [defaults, setDefaults] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [notice, setNotice] = useState<string | undefined>();
  const [tested, setTested] = useState<{ cognito: CheckResult; api: CheckResult } | null>(null);

  useEffect(() => {
    void refreshGranted().catch(() => undefined);
    send('settings/get').then(
      (r) => {
        setForm(toForm(r.settings));
        setSaved(r.settings);
        setDefaults(r.defaults);
      },
      (e: unknown) => setLoadError(toUiError(e)),
    );
  }, []);

  const save = useAction(async (settings: Settings) => {
    const r = await send('settings/save', settings);
    setForm(toForm(r.settings));
    setSaved(r.settings);
    setNotice(t(r.signedOut ? 'options_savedSignedOut' : 'options_saved'));
  });
  const test = useAction(async (settings: Settings) => setTested(await send('settings/test', settings)));
  const focusFirstInvalid = useFocusFirstInvalid();
  // The background checks too; its per-field messages land beside the same fields.
  useEffect(() => {
    if (save.error && Object.keys(save.error.fields).length > 0) {
      setErrors(save.error.fields as SettingsErrors);
      focusFirstInvalid();
    }
  }, [save.error]);

  if (loadError) return <Page auth={auth}><ErrorAlert message={loadError.message} /></Page>;
  if (!form) return <Page auth={auth}><p aria-busy="true">{t('options_loadingSettings')}</p></Page>;

  const change = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
    setNotice(undefined);
    // A connection result describes the settings it tested, not these.
    setTested(null);
  };

  /** Checks the form and asks for host permissions; null when the user must fix something. */
  const prepare = async (): Promise<Settings | null> => {
    const settings = fromForm(form);
    const found = validateSettings(settings);
    setErrors(found);
    setNotice(undefined);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return null;
    }
    // Synchronous up to the request: it has to run inside the click's user gesture.
    const allowed = await requestOrigins(missingPatterns(settings, grantedOrigins())).catch(() => null);
    if (!allowed) setNotice(allowed === null ? NOT_ASKED : DENIED);
    return allowed ? settings : null;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (save.pending) return;
    const settings = await prepare();
    if (settings) await save.run(settings);
  };
  const runTest = async () => {
    if (test.pending) return;
    setTested(null);
    const settings = await prepare();
    if (settings) await test.run(settings);
  };
  const reset = () => {
    if (!defaults) return;
    setForm(toForm(defaults));
    setErrors({});
    setTested(null);
    setNotice(t('options_defaultsRestored'));
  };

  // Said before saving: whether Save will end the session (settings the form cannot read yet say nothing).
  const signedIn = auth?.status === 'signed-in' ? auth : null;
  const willSignOut = !!signedIn && !!saved && !sameIdentityProvider(saved, fromForm(form));

  return (
    <Page auth={auth} managedLogin={!!saved?.managedLoginDomain}>
      <Card id="developer" title={t('options_connectionTitle')} tag={t('options_forDevelopers')}>
        <p class="card__lead">{t('options_developerLead')}</p>
        <form class="form" onSubmit={(e) => void submit(e)} aria-busy={save.pending || test.pending} noValidate data-testid="options-form">
          <SettingsFields form={form} errors={errors} onChange={change} />
          {willSignOut && (
            <p class="warn" role="status" data-testid="options-will-sign-out">
              {t('options_willSignOut', signedIn.user.handle)}
            </p>
          )}
          {/* One message at a time: an error replaces the last notice. */}
          <ErrorAlert message={(save.error ?? test.error)?.message} />
          <Notice testId="options-notice">{save.error ?? test.error ? undefined : notice}</Notice>
          <ConnectionResult result={tested} />
          <div class="options__actions">
            <SubmitButton pending={save.pending} pendingLabel={t('options_saving')} testId="options-save">
              {willSignOut ? t('options_saveAndSignOut') : t('options_save')}
            </SubmitButton>
            <ActionButton onClick={() => void runTest()} disabled={test.pending} testId="options-test">
              {test.pending ? t('options_testing') : t('options_testConnection')}
            </ActionButton>
            <ActionButton variant="link" onClick={reset} disabled={!defaults || save.pending} testId="options-reset">
              {t('options_resetDefaults')}
            </ActionButton>
          </div>
        </form>
      </Card>
    </Page>
  );
}

/** The page: its heading, the account on top, then what the caller adds (the connection). */
function Page({ auth, children, managedLogin = false }: { auth: AuthState | null; children: ComponentChildren; managedLogin?: boolean }) {
  return (
    <main class="options" data-testid="view-options">
      <header class="options__header">
        <span class="brand__mark" aria-hidden="true">
          {/* eslint-disable-next-line ui-text/from-catalog -- the logo's letter, hidden from screen readers, in every language */}
          {'C'}
        </span>
        <div>
          <h1>{t('options_pageTitle')}</h1>
          <p class="options__lead">{t('options_lead')}</p>
        </div>
      </header>
      <AccountSections state={auth} managedLogin={managedLogin} />
      {children}
      <p>
        <a href="/privacy.html" target="_blank" rel="noopener" data-testid="options-privacy">
          {t('options_privacyLink')}
        </a>
      </p>
    </main>
  );
}
