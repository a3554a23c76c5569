/** A password input with a Show/Hide toggle, and optionally the live policy hints under it. */
import { useState } from 'preact/hooks';
import { passwordRules } from './password-policy.ts';
import { TextField, type TextFieldProps } from './text-field.tsx';

interface PasswordFieldProps extends Omit<TextFieldProps, 'type' | 'after'> {
  autocomplete: 'current-password' | 'new-password';
  /** Show the policy checklist (for new passwords). */
  hints?: boolean;
}

export function PasswordField({ hints, ...p }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const toggle = (
    <button
      type="button"
      class="field__toggle"
      onClick={() => setVisible((v) => !v)}
      aria-pressed={visible}
      aria-controls={p.id}
      aria-label={visible ? `Hide ${p.label.toLowerCase()}` : `Show ${p.label.toLowerCase()}`}
      data-testid={`toggle-${p.id}`}
    >
      {visible ? 'Hide' : 'Show'}
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
    <ul class="rules" id={id} aria-label="Password rules" data-testid="password-rules">
      {passwordRules(password).map((r) => (
        <li key={r.id} class={r.met ? 'rules__item rules__item--met' : 'rules__item'} data-met={r.met}>
          <span class="rules__mark" aria-hidden="true">
            {r.met ? '✓' : '•'}
          </span>
          {r.label}
          <span class="visually-hidden">{r.met ? ' (done)' : ' (not yet)'}</span>
        </li>
      ))}
    </ul>
  );
}
