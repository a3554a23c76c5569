/** The options form's fields, each with its label, a hint where the value is not obvious, and its error. */
import { AUTH_FLOWS, type SettingsErrors } from '../shared/settings.ts';
import { FieldShell, TextField } from '../shared/ui/text-field.tsx';
import { RedirectUrl } from './redirect-url.tsx';
import type { SettingsForm } from './settings-form.ts';

interface Props {
  form: SettingsForm;
  errors: SettingsErrors;
  onChange: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
}

export function SettingsFields({ form, errors, onChange }: Props) {
  const text = (key: Exclude<keyof SettingsForm, 'authFlow'>) => (value: string) => onChange(key, value);
  return (
    <>
      <fieldset class="group">
        <legend>Amazon Cognito</legend>
        <TextField id="region" label="Region" value={form.region} onValue={text('region')} error={errors.region} hint="For example us-east-1." />
        <TextField id="userPoolId" label="User pool id" value={form.userPoolId} onValue={text('userPoolId')} error={errors.userPoolId} hint="<region>_<id>, for example us-east-1_AbC123xyz." />
        <TextField id="clientId" label="App client id" value={form.clientId} onValue={text('clientId')} error={errors.clientId} hint="A public client, without a secret." />
        <FieldShell
          id="authFlow"
          label="Sign-in flow"
          error={errors.authFlow}
          hint={
            form.authFlow === 'USER_PASSWORD_AUTH'
              ? 'Sends the password to Cognito over TLS: for cognito-local, or pools without SRP.'
              : form.authFlow === 'USER_AUTH'
                ? 'Choice-based sign-in: a password (by SRP) or a code sent by email. The app client must allow USER_AUTH.'
                : 'The password never leaves this device.'
          }
        >
          {(control) => (
            <select
              {...control}
              value={form.authFlow}
              onChange={(e) => onChange('authFlow', AUTH_FLOWS.find((f) => f === e.currentTarget.value) ?? 'USER_SRP_AUTH')}
            >
              <option value="USER_SRP_AUTH">SRP (recommended)</option>
              <option value="USER_PASSWORD_AUTH">USER_PASSWORD_AUTH</option>
              <option value="USER_AUTH">Choice-based: password or emailed code (USER_AUTH)</option>
            </select>
          )}
        </FieldShell>
        <TextField
          id="endpoint"
          label="Cognito endpoint (optional)"
          type="url"
          value={form.endpoint}
          onValue={text('endpoint')}
          error={errors.endpoint}
          hint="Only for a local emulator such as cognito-local. Leave empty for AWS."
        />
      </fieldset>
      <fieldset class="group">
        <legend>Cruddur</legend>
        <TextField id="apiUrl" label="API URL" type="url" value={form.apiUrl} onValue={text('apiUrl')} error={errors.apiUrl} hint="For example https://api.cruddur.com." />
        <FieldShell
          id="webAppOrigins"
          label="Web app origins"
          error={errors.webAppOrigins}
          hint="One per line, for example https://cruddur.com. The feed panel can appear there."
        >
          {(control) => (
            <textarea {...control} rows={3} value={form.webAppOrigins} onInput={(e) => onChange('webAppOrigins', e.currentTarget.value)} spellcheck={false} />
          )}
        </FieldShell>
      </fieldset>
      <fieldset class="group" data-testid="managed-login-settings">
        <legend>Managed login</legend>
        <TextField
          id="managedLoginDomain"
          label="Managed-login domain (optional)"
          value={form.managedLoginDomain}
          onValue={text('managedLoginDomain')}
          error={errors.managedLoginDomain}
          hint="The pool’s domain, for example cruddur.auth.us-east-1.amazoncognito.com. Empty: sign in with email and password only."
        />
        <FieldShell
          id="identityProviders"
          label="Identity providers"
          error={errors.identityProviders}
          hint="One per line, named as the pool knows them, for example Google. Each gets a “Continue with” button."
        >
          {(control) => (
            <textarea {...control} rows={2} value={form.identityProviders} onInput={(e) => onChange('identityProviders', e.currentTarget.value)} spellcheck={false} />
          )}
        </FieldShell>
        <TextField
          id="oauthScopes"
          label="Scopes"
          value={form.oauthScopes}
          onValue={text('oauthScopes')}
          error={errors.oauthScopes}
          hint="Separated by spaces. Keep openid and aws.cognito.signin.user.admin."
        />
        <RedirectUrl />
      </fieldset>
    </>
  );
}
