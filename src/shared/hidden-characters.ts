/**
 * Characters a reader cannot see: bidi controls (U+202E turns `demo` into `omed` on screen),
 * zero-width and other default-ignorable characters, Unicode tag characters (the U+E0000 block,
 * which can spell a whole hidden sentence), controls and line separators. The "Continue as"
 * offer reveals them and the composer removes them, so what is shown is what is there, and what
 * is posted is what the user saw.
 *
 * Left alone, because they are how visible text is spelled: a joiner inside an emoji sequence
 * (👩‍💻), an emoji's presentation selector (❤️), a subdivision flag's tags (🏴󠁧󠁢󠁳󠁣󠁴󠁿), and an
 * ideographic variation selector after a Han character. A joiner anywhere else is revealed, even
 * in scripts that use it between letters: a rare name then shows a mark, which is the safe side.
 *
 * Unicode properties only (Default_Ignorable_Code_Point, Bidi_Control, Cc, Zl, Zp): no table ships.
 */

/** One character nobody sees, as `U+202E`. */
export interface HiddenCharacter {
  /** `U+` and the code point in hex, at least 4 digits. */
  code: string;
}

export type Piece = string | HiddenCharacter;

// Sequences made of hidden characters that draw something visible: matched first, kept whole.
const VISIBLE_SEQUENCES = [
  // A subdivision flag: black flag, 1–6 tag letters or digits, cancel tag (UTS #51 tag_spec).
  String.raw`\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,6}\u{E007F}`,
  // A joiner between two emoji (a skin tone or presentation selector may come first).
  String.raw`(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}])\u{200D}(?=\p{Extended_Pictographic})`,
  // Text or emoji presentation of an emoji character (❤️, keycaps 1️⃣).
  String.raw`(?<=\p{Emoji})[\u{FE0E}\u{FE0F}]`,
  // Ideographic variation sequences (a Japanese name's exact glyph).
  String.raw`(?<=\p{Ideographic})[\u{E0100}-\u{E01EF}]`,
].join('|');

const HIDDEN = String.raw`[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Cc}\p{Zl}\p{Zp}\u{FFF9}-\u{FFFB}]`;

const SCAN = new RegExp(`(${VISIBLE_SEQUENCES})|${HIDDEN}`, 'gu');

export const codeOf = (character: string): string => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * `text` split into what can be shown as is and the hidden characters between, in order;
 * `keep` lists hidden characters the caller treats as visible (the composer keeps line breaks).
 */
export function revealHidden(text: string, keep = ''): Piece[] {
  const pieces: Piece[] = [];
  let shown = 0;
  for (const match of text.matchAll(SCAN)) {
    if (match[1] !== undefined || keep.includes(match[0])) continue;
    if (match.index > shown) pieces.push(text.slice(shown, match.index));
    pieces.push({ code: codeOf(match[0]) });
    shown = match.index + match[0].length;
  }
  if (shown < text.length) pieces.push(text.slice(shown));
  return pieces;
}

export function hasHidden(text: string, keep = ''): boolean {
  return revealHidden(text, keep).some((p) => typeof p !== 'string');
}

/** `text` without its hidden characters (but `keep`), and how many were removed. */
export function stripHidden(text: string, keep = ''): { text: string; removed: number } {
  const pieces = revealHidden(text, keep);
  return {
    text: pieces.filter((p) => typeof p === 'string').join(''),
    removed: pieces.filter((p) => typeof p !== 'string').length,
  };
}

/** The text with each hidden character written out as `[U+202E]`: for a line of plain text (a title). */
export function spellHidden(text: string): string {
  return revealHidden(text)
    .map((p) => (typeof p === 'string' ? p : `[${p.code}]`))
    .join('');
}
