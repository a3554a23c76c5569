// Profile text that no label may hold. Cognito stores any string in `name`, `preferred_username`
// and `email` (cognito-local even a NUL, which PostgreSQL text refuses), and a name that carries a
// right-to-left override, a zero-width space or Unicode tag characters renders as something
// else than it is. The API refuses such a profile (422) instead of storing or showing it.

/**
 * Controls (C0, DEL, C1, NUL included), lone surrogates, line and paragraph separators, and
 * format characters (bidi controls and marks, zero-width space, word joiner, BOM, tags, soft
 * hyphen), except the zero-width joiner and non-joiner, which emoji sequences and several
 * scripts need. Variation selectors are marks, not format characters, so emoji keep them.
 */
const HIDDEN = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]|(?![\u200c\u200d])\p{Cf}/u;

export type ProfileField = 'name' | 'preferred_username' | 'email' | 'username';

/** The fields whose value holds a character no label may show; empty when all are fine. */
export function hiddenCharacterFields(fields: Partial<Record<ProfileField, string>>): ProfileField[] {
  return (Object.keys(fields) as ProfileField[]).filter((key) => HIDDEN.test(fields[key] ?? ''));
}

/** True when `text` holds a control or format character (for search terms and other inputs). */
export const hasHiddenCharacters = (text: string): boolean => HIDDEN.test(text);
