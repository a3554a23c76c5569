/**
 * Where focus goes after a form is checked: to the first field marked invalid (DOM order, i.e.
 * the order the user reads), not left on the submit button or dropped to <body>.
 */
import { useEffect, useState } from 'preact/hooks';

/** Focuses the first `[aria-invalid=true]` control in `root`; false when there is none. */
export function focusFirstInvalid(root: ParentNode = document): boolean {
  const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.focus();
  return field !== null;
}

/**
 * Returns `request()`: call it when errors were just set; the first invalid field is focused
 * after the render that marks it.
 */
export function useFocusFirstInvalid(): () => void {
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (asked > 0) focusFirstInvalid();
  }, [asked]);
  return () => setAsked((n) => n + 1);
}
