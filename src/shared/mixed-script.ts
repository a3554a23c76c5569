/**
 * Mixed-script detection as Unicode TR39 (§5.1) defines it: a string is mixed-script when the
 * intersection of its characters' augmented Script_Extensions is empty. `dеmо` with a Cyrillic
 * `е` and `о` is; `demo`, `δημος` and `山田たろう` (Han + Hiragana, both Japanese) are not.
 * Common and Inherited characters (digits, `_`, `.`, `@`, combining marks) fit every script.
 *
 * Scripts are recognised with Unicode property escapes (`\p{scx=Cyrillic}`), no data file. Only
 * the scripts listed below are named; a character of any other script counts as one "other"
 * script, so it still makes Latin text mixed (two unlisted scripts together are not told apart).
 */

// The scripts people write names in, and those whose letters imitate Latin ones (Cherokee, Lisu…).
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana',
  'Nko', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada',
  'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic',
  'Cherokee', 'Canadian_Aboriginal', 'Coptic', 'Glagolitic', 'Gothic', 'Old_Italic', 'Runic',
  'Ogham', 'Tifinagh', 'Lisu', 'Vai', 'Osage', 'Adlam', 'Deseret', 'Javanese', 'Balinese',
  'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi',
] as const;

const OTHER = 'other';

// TR39's augmented sets: Han also writes Japanese, Korean and Chinese with Bopomofo.
const AUGMENTED: Partial<Record<string, string[]>> = {
  Han: ['Jpan', 'Kore', 'Hanb'],
  Hiragana: ['Jpan'],
  Katakana: ['Jpan'],
  Hangul: ['Kore'],
  Bopomofo: ['Hanb'],
};

const PATTERNS = SCRIPTS.map((name) => [name, new RegExp(String.raw`\p{scx=${name}}`, 'u')] as const);
const FITS_ALL = /^[\p{sc=Common}\p{sc=Inherited}]$/u;

/** The scripts one character belongs to (augmented); null when it fits every script. */
function scriptsOf(character: string): Set<string> | null {
  const named = PATTERNS.filter(([, pattern]) => pattern.test(character)).map(([name]) => name);
  if (named.length === 0) return FITS_ALL.test(character) ? null : new Set([OTHER]);
  return new Set(named.flatMap((name) => [name, ...(AUGMENTED[name] ?? [])]));
}

export interface ScriptCheck {
  mixed: boolean;
  /** The scripts the text's letters come from, in order of first use, e.g. ['Latin', 'Cyrillic']. */
  scripts: string[];
}

export function checkScripts(text: string): ScriptCheck {
  let resolved = null as Set<string> | null;
  const used: string[] = [];
  for (const character of text) {
    const own = scriptsOf(character);
    if (!own) continue;
    const [first = OTHER] = own;
    if (!used.includes(first)) used.push(first);
    resolved = resolved ? new Set([...resolved].filter((s) => own.has(s))) : own;
  }
  return { mixed: resolved !== null && resolved.size === 0, scripts: used.map((s) => (s === OTHER ? 'another script' : s.replaceAll('_', ' '))) };
}

/**
 * An email address, part by part: its local part and each domain label are checked on their own
 * (as IDNA checks labels), so `андрей@mail.example` is fine and `dеmо@cruddur.local` is not.
 */
export function checkEmailScripts(email: string): ScriptCheck {
  const at = email.lastIndexOf('@');
  const parts = at < 0 ? [email] : [email.slice(0, at), ...email.slice(at + 1).split('.')];
  return parts.map(checkScripts).find((c) => c.mixed) ?? { mixed: false, scripts: checkScripts(email).scripts };
}
