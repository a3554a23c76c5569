/**
 * Field errors from two sources: the popup's own checks (shown at submit) and the
 * background's `fields` (from its validation). A field's error clears as soon as it is edited.
 */
import { useState } from 'preact/hooks';
import type { UiError } from '../../shared/ui/ui-error.ts';

export function useFormErrors<K extends string>(serverError: UiError | null) {
  const [local, setLocal] = useState<Partial<Record<K, string>>>({});
  const [edited, setEdited] = useState<ReadonlySet<K>>(new Set());

  const errorOf = (field: K): string | undefined => local[field] ?? (edited.has(field) ? undefined : serverError?.fields[field]);

  return {
    errorOf,
    /** Replaces the local errors (after running the checks at submit) and forgets edits. */
    setChecked(errors: Partial<Record<K, string>>) {
      setLocal(errors);
      setEdited(new Set());
    },
    /** The user changed `field`: its message no longer describes what is there. */
    touched(field: K) {
      if (local[field]) setLocal((l) => ({ ...l, [field]: undefined }));
      if (!edited.has(field)) setEdited((s) => new Set([...s, field]));
    },
  };
}
