/** A labelled input with its error beside it; the label is always visible, never a placeholder. */
import type { ComponentChildren, InputHTMLAttributes, JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** What FieldShell hands its control: spread it on the input, select or textarea. */
export interface FieldControl {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  'data-testid': string;
}

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** More ids that describe the control (e.g. the password rules under the field). */
  describedBy?: string | undefined;
  /** The field row's content; `control` links the control to its label, hint and error. */
  children: (control: FieldControl) => ComponentChildren;
}

/**
 * Everything around a form control: its label, the bordered row, the hint and the error, and
 * the ids that tie them to the control (`field-<id>` and `error-<id>` for tests).
 */
export function FieldShell({ id, label, hint: givenHint, error, describedBy, children }: FieldShellProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  // An error replaces the hint: it says the same thing, about what is actually there.
  const hint = error ? undefined : givenHint;
  const control: FieldControl = {
    id,
    name: id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [error ? errorId : '', hint ? hintId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined,
    'data-testid': `field-${id}`,
  };
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for={id}>{label}</label>
      <div class="field__row">{children(control)}</div>
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={errorId} data-testid={`error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}

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
  /**
   * Focus the input when the field mounts. Done with focus(): a document honours the
   * `autofocus` attribute once, so a view shown later (after "Create account") would leave
   * focus on <body>.
   */
  autoFocus?: boolean;
  /** Extra content after the input inside the field row (e.g. a Show/Hide button). */
  after?: JSX.Element;
  describedBy?: string | undefined;
}

export function TextField(p: TextFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  // On mount only: sign-in turns autoFocus on for the password once an email is typed.
  useLayoutEffect(() => {
    if (p.autoFocus) input.current?.focus();
  }, []);
  return (
    <FieldShell id={p.id} label={p.label} hint={p.hint} error={p.error} describedBy={p.describedBy}>
      {(control) => (
        <>
          {p.prefix && (
            <span class="field__prefix" aria-hidden="true">
              {p.prefix}
            </span>
          )}
          <input
            {...control}
            ref={input}
            {...inputType(p.type)}
            value={p.value}
            onInput={(e) => p.onValue(e.currentTarget.value)}
            autocomplete={p.autocomplete}
            inputMode={p.inputMode}
            spellcheck={false}
          />
          {p.after}
        </>
      )}
    </FieldShell>
  );
}

// Preact 11 types <input> as a union discriminated by `type`; a variable type needs this cast.
function inputType(type: TextFieldProps['type'] = 'text'): InputHTMLAttributes {
  return { type } as InputHTMLAttributes;
}
