/**
 * Field errors from two sources: the popup's own checks (shown at submit) and the
 * background's `fields` (from its validation). A field's error clears as soon as it is edited.
 * Either way, focus then goes to the first invalid field.
 */
import { useEffect, useState } from 'preact/hooks';
import { useFocusFirstInvalid } from '../../shared/ui/focus.ts';
import { hasErrors, runChecks } from '../../shared/ui/form-checks.ts';
import type { UiError } from '../../shared/ui/ui-error.ts';

export function useFormErrors<K extends string>(serverError: UiError | null) {
  const [local, setLocal] = useState<Partial<Record<K, string>>>({});
  const [edited, setEdited] = useState<ReadonlySet<K>>(new Set());
  const focusFirstInvalid = useFocusFirstInvalid();
  useEffect(() => {
    if (serverError && Object.keys(serverError.fields).length > 0) focusFirstInvalid();
  }, [serverError]);

  /** The user changed `field`: its message no longer describes what is there. */
  const touched = (field: K) => {
    if (local[field]) setLocal((l) => ({ ...l, [field]: undefined }));
    if (!edited.has(field)) setEdited((s) => new Set([...s, field]));
  };

  return {
    errorOf: (field: K): string | undefined => local[field] ?? (edited.has(field) ? undefined : serverError?.fields[field]),
    /**
     * Runs the form's checks at submit: their messages replace the local errors and edits are
     * forgotten. True when every field passed, i.e. the form may be sent.
     */
    check(checks: Partial<Record<K, string | undefined>>): boolean {
      const found = runChecks(checks);
      setLocal(found);
      setEdited(new Set());
      const ok = !hasErrors(found);
      if (!ok) focusFirstInvalid();
      return ok;
    },
    /** An `onValue` handler for `field`: clears its error, then stores the value with `set`. */
    edit: (field: K, set: (value: string) => void) => (value: string) => {
      touched(field);
      set(value);
    },
  };
}
