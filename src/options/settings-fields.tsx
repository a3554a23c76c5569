/** The options form's fields, each with its label, a hint where the value is not obvious, and its error. */
import { t, type MessageKey } from '../shared/i18n.ts';
import { AUTH_FLOWS, type AuthFlow, type SettingsErrors } from '../shared/settings.ts';
import { FieldShell, TextField } from '../shared/ui/text-field.tsx';
import { RedirectUrl } from './redirect-url.tsx';
import type { SettingsForm } from './settings-form.ts';

interface Props {
  form: SettingsForm;
  errors: SettingsErrors;
  onChange: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
}

/** What each sign-in flow does, said under the choice. */
const FLOW_HINT: Record<AuthFlow, MessageKey> = {
  USER_SRP_AUTH: 'options_flowSrpHint',
  USER_PASSWORD_AUTH: 'options_flowPasswordHint',
  USER_AUTH: 'options_flowChoiceHint',
};

export function SettingsFields({ form, errors, onChange }: Props) {
  /** A field's value, its change and its error, all named by its key in the form. */
  const bind = (key: Exclude<keyof SettingsForm, 'authFlow'>) => ({
    id: key,
    value: form[key],
    onValue: (value: string) => onChange(key, value),
    error: errors[key],
  });
  return (
    <>
      <fieldset class="group">
        <legend>{t('options_cognitoLegend')}</legend>
        <TextField {...bind('region')} label={t('options_region')} hint={t('options_regionHint')} />
        <TextField {...bind('userPoolId')} label={t('options_userPoolId')} hint={t('options_userPoolIdHint')} />
        <TextField {...bind('clientId')} label={t('options_clientId')} hint={t('options_clientIdHint')} />
        <FieldShell id="authFlow" label={t('options_authFlow')} error={errors.authFlow} hint={t(FLOW_HINT[form.authFlow])}>
          {(control) => (
            <select
              {...control}
              value={form.authFlow}
              onChange={(e) => onChange('authFlow', AUTH_FLOWS.find((f) => f === e.currentTarget.value) ?? 'USER_SRP_AUTH')}
            >
              <option value="USER_SRP_AUTH">{t('options_flowSrp')}</option>
              {/* eslint-disable-next-line ui-text/from-catalog -- Cognito's name for the flow, the same in every language */}
              <option value="USER_PASSWORD_AUTH">USER_PASSWORD_AUTH</option>
              <option value="USER_AUTH">{t('options_flowChoice')}</option>
            </select>
          )}
        </FieldShell>
        <TextField {...bind('endpoint')} label={t('options_endpoint')} type="url" hint={t('options_endpointHint')} />
      </fieldset>
      <fieldset class="group">
        <legend>{t('options_cruddurLegend')}</legend>
        <TextField {...bind('apiUrl')} label={t('options_apiUrl')} type="url" hint={t('options_apiUrlHint')} />
        <LinesField {...bind('webAppOrigins')} rows={3} label={t('options_webAppOrigins')} hint={t('options_webAppOriginsHint')} />
      </fieldset>
      <fieldset class="group" data-testid="managed-login-settings">
        <legend>{t('options_managedLoginLegend')}</legend>
        <TextField {...bind('managedLoginDomain')} label={t('options_managedLoginDomain')} hint={t('options_managedLoginDomainHint')} />
        <LinesField {...bind('identityProviders')} rows={2} label={t('options_identityProviders')} hint={t('options_identityProvidersHint')} />
        <TextField {...bind('oauthScopes')} label={t('options_scopes')} hint={t('options_scopesHint')} />
        <RedirectUrl />
      </fieldset>
    </>
  );
}

interface LinesFieldProps {
  id: string;
  label: string;
  hint: string;
  rows: number;
  value: string;
  onValue: (value: string) => void;
  error: string | undefined;
}

/** A list typed one item per line (origins, identity providers): a textarea in the field's shell. */
function LinesField({ rows, value, onValue, ...shell }: LinesFieldProps) {
  return (
    <FieldShell {...shell}>
      {(control) => <textarea {...control} rows={rows} value={value} onInput={(e) => onValue(e.currentTarget.value)} spellcheck={false} />}
    </FieldShell>
  );
}
