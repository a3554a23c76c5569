/** A password input with a Show/Hide toggle, and optionally the live policy hints under it. */
import { useState } from 'preact/hooks';
import { t, uiLanguage } from '../i18n.ts';
import { passwordRules } from './password-policy.ts';
import { TextField, type TextFieldProps } from './text-field.tsx';

interface PasswordFieldProps extends Omit<TextFieldProps, 'type' | 'after'> {
  autocomplete: 'current-password' | 'new-password';
  /** Show the policy checklist (for new passwords). */
  hints?: boolean;
}

export function PasswordField({ hints, ...p }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  // The label inside a sentence ("Show new password"); the catalog's word order places it, and
  // says whether the language writes it in lower case there (English does; German nouns keep
  // their capital).
  const field = t('ui_labelLowerInSentence') === 'yes' ? p.label.toLocaleLowerCase(uiLanguage()) : p.label;
  const toggle = (
    <button
      type="button"
      class="field__toggle"
      onClick={() => setVisible((v) => !v)}
      aria-pressed={visible}
      aria-controls={p.id}
      aria-label={visible ? t('ui_hideField', field) : t('ui_showField', field)}
      data-testid={`toggle-${p.id}`}
    >
      {visible ? t('ui_hide') : t('ui_show')}
    </button>
  );
  return (
    <>
      <TextField {...p} type={visible ? 'text' : 'password'} after={toggle} describedBy={hints ? `${p.id}-rules` : undefined} />
      {hints && <PasswordHints id={`${p.id}-rules`} password={p.value} />}
    </>
  );
}

function PasswordHints({ id, password }: { id: string; password: string }) {
  return (
    <ul class="rules" id={id} aria-label={t('ui_passwordRules')} data-testid="password-rules">
      {passwordRules(password).map((r) => (
        <li key={r.id} class={r.met ? 'rules__item rules__item--met' : 'rules__item'} data-met={r.met}>
          <span class="rules__mark" aria-hidden="true">
            {r.met ? '✓' : '•'}
          </span>
          {r.label}
          <span class="visually-hidden"> {r.met ? t('ui_ruleDone') : t('ui_ruleNotYet')}</span>
        </li>
      ))}
    </ul>
  );
}
