// What an @handle may be, and when two handles are "the same" handle.
//
// Cognito lets anyone put anything in `preferred_username`, so the API owns the claim: one
// account per handle, where "the same" means equal after Unicode TR39's confusable skeleton and
// case folding. `demo`, `Demo`, `DEMO` and `dеmо` (Cyrillic е and о) are one handle, and so are
// `bill`, `biII` and `bi11`.
//
// The confusables data is Unicode's confusables.txt as shipped by the npm package
// `unhomoglyph` (nodeca; its data.json maps each source code point to its prototype). The
// skeleton algorithm around it is TR39 §4 (https://www.unicode.org/reports/tr39/#Confusable_Detection):
// NFD, drop Default_Ignorable_Code_Point characters, map every character to its prototype, NFD again.
import unhomoglyph from 'unhomoglyph';

/** Longest handle, in code points. */
export const MAX_HANDLE_CHARS = 32;

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Letters, combining marks, digits, `_`, `.` and `-`: nothing invisible, no spaces, no `@` or `/`. */
const HANDLE_CHARS = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;

/** TR39 skeleton(X): two strings are confusable when their skeletons are equal. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD').replace(DEFAULT_IGNORABLE, '')).normalize('NFD');
}

/**
 * The two keys that make a handle unique; a claim fails when either equals another account's.
 * - `key`: the skeleton of the case-folded handle, so `demo`, `DEMO` and `dеmо` are one;
 * - `shape`: the skeleton as written, so capitals that look like other letters count: `Iocal`
 *   (capital i) is `local`. Folding first would lose that (`Iocal` → `iocal`), and skeleton
 *   first would break case-insensitivity (`mill` → `mill`, but `MILL` → `MlLL` → `mlll`).
 * Both start from NFKC, which folds compatibility forms the confusables data leaves alone
 * (fullwidth `ｄｅｍｏ`). Case folding is upper- then lower-casing (`ß` → `SS` → `ss`),
 * locale-independent.
 */
export function handleKeys(handle: string): { key: string; shape: string } {
  const nfkc = handle.normalize('NFKC');
  return { key: skeleton(nfkc.toUpperCase().toLowerCase()), shape: skeleton(nfkc) };
}

export type HandleProblem = 'blank' | 'too_long' | 'characters' | 'mixed_scripts';

/** Handles are stored in NFC, the form browsers type: `café` with a combining accent is `café`. */
export const normalizeHandle = (handle: string): string => handle.normalize('NFC');

/**
 * Why `handle` (normalised) cannot be claimed, or null when it can. Compatibility forms
 * (fullwidth `ｄｅｍｏ`, ligatures) are refused rather than rewritten: what is claimed is what shows.
 */
export function handleProblem(handle: string): HandleProblem | null {
  if (handle === '') return 'blank';
  if ([...handle].length > MAX_HANDLE_CHARS) return 'too_long';
  if (!HANDLE_CHARS.test(handle) || handle !== handle.normalize('NFKC')) return 'characters';
  if (!highlyRestrictive(handle)) return 'mixed_scripts';
  return null;
}

// --- TR39 §5.2 restriction level "Highly Restrictive" -------------------------------------------
// A handle is written in one script, or in Latin plus the scripts Japanese, Chinese or Korean
// writing mixes. Characters of scripts not listed here are refused in handles (a short list keeps
// the regular expressions few; add a script to allow it).

const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada',
  'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic',
  'Cherokee', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul', 'Yi', 'Tifinagh', 'Canadian_Aboriginal',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{scx=${name}}$`, 'u')] as const);
const LATIN = /^\p{scx=Latin}$/u;
const COMMON_OR_INHERITED = /^[\p{scx=Common}\p{scx=Inherited}]$/u;

// TR39's augmented script sets: Han also counts as Japanese, Chinese and Korean writing, etc.
const AUGMENTED: Readonly<Record<string, readonly string[]>> = {
  Han: ['Han', 'Jpan', 'Hanb', 'Kore'],
  Hiragana: ['Hiragana', 'Jpan'],
  Katakana: ['Katakana', 'Jpan'],
  Hangul: ['Hangul', 'Kore'],
  Bopomofo: ['Bopomofo', 'Hanb'],
};

/** The augmented Script_Extensions of one character; null for Common/Inherited (fits any script). */
function scriptsOf(ch: string): Set<string> | null {
  if (COMMON_OR_INHERITED.test(ch)) return null;
  return new Set<string>(SCRIPT_TESTS.filter(([, re]) => re.test(ch)).flatMap(([name]) => AUGMENTED[name] ?? [name]));
}

/** TR39 §5.1 resolved script set: the scripts every character belongs to; null = any. */
function resolved(chars: string[]): Set<string> | null {
  let set: Set<string> | null = null;
  for (const ch of chars) {
    const own = scriptsOf(ch);
    if (own === null) continue;
    const before: string[] = set === null ? [...own] : [...set];
    set = new Set(before.filter((script) => own.has(script)));
  }
  return set;
}

function highlyRestrictive(handle: string): boolean {
  const chars = [...handle];
  const all = resolved(chars);
  if (all === null || all.size > 0) return true;
  // Latin + Han + Hiragana + Katakana, Latin + Han + Bopomofo, Latin + Han + Hangul.
  const rest = resolved(chars.filter((ch) => !LATIN.test(ch)));
  return rest !== null && ['Jpan', 'Hanb', 'Kore'].some((s) => rest.has(s));
}
