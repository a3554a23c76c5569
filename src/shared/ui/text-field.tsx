/** A labelled input with its error beside it; the label is always visible, never a placeholder. */
import type { InputHTMLAttributes, JSX } from 'preact';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url';
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'url';
  /** Shown inside the field before the value, e.g. "@". */
  prefix?: string;
  maxLength?: number;
  autoFocus?: boolean;
  /** Extra content after the input inside the field row (e.g. a Show/Hide button). */
  after?: JSX.Element;
  describedBy?: string;
}

export function TextField(p: TextFieldProps) {
  const errorId = `${p.id}-error`;
  const hintId = `${p.id}-hint`;
  // An error replaces the hint: it says the same thing, about what is actually there.
  const hint = p.error ? undefined : p.hint;
  const describedBy = [p.error ? errorId : '', hint ? hintId : '', p.describedBy ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      <div class="field__row">
        {p.prefix && (
          <span class="field__prefix" aria-hidden="true">
            {p.prefix}
          </span>
        )}
        <input
          id={p.id}
          name={p.id}
          {...inputType(p.type)}
          value={p.value}
          onInput={(e) => p.onValue(e.currentTarget.value)}
          autocomplete={p.autocomplete}
          inputMode={p.inputMode}
          maxLength={p.maxLength}
          autoFocus={p.autoFocus}
          spellcheck={false}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={`field-${p.id}`}
        />
        {p.after}
      </div>
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {p.error && (
        <p class="field__error" id={errorId} data-testid={`error-${p.id}`}>
          {p.error}
        </p>
      )}
    </div>
  );
}

// Preact 11 types <input> as a union discriminated by `type`; a variable type needs this cast.
function inputType(type: TextFieldProps['type'] = 'text'): InputHTMLAttributes {
  return { type } as InputHTMLAttributes;
}
