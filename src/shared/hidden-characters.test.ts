import { describe, expect, it } from 'vitest';
import { hasHidden, revealHidden, spellHidden, stripHidden } from './hidden-characters.ts';

// Issue 20's hidden sentence: " I authorise @mallory" spelled in Unicode tag characters.
const TAGGED = [...' I authorise @mallory'].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');

describe('hidden characters are revealed, never drawn silently', () => {
  it.each([
    ['a right-to-left override', 'demo\u202Eresu', ['demo', { code: 'U+202E' }, 'resu']],
    ['a zero-width space', 'de\u200Bmo', ['de', { code: 'U+200B' }, 'mo']],
    ['a bidi isolate and its end', '\u2067demo\u2069', [{ code: 'U+2067' }, 'demo', { code: 'U+2069' }]],
    ['a left-to-right mark', 'demo\u200E', ['demo', { code: 'U+200E' }]],
    ['a word joiner and a byte-order mark', 'de\u2060m\uFEFFo', ['de', { code: 'U+2060' }, 'm', { code: 'U+FEFF' }, 'o']],
    ['a soft hyphen', 'de\u00ADmo', ['de', { code: 'U+00AD' }, 'mo']],
    ['a Hangul filler (a "blank" name)', '\u3164', [{ code: 'U+3164' }]],
    ['a control character', 'de\u0000mo', ['de', { code: 'U+0000' }, 'mo']],
    ['a line separator', 'de\u2028mo', ['de', { code: 'U+2028' }, 'mo']],
    ['a joiner between two letters', 'de\u200Dmo', ['de', { code: 'U+200D' }, 'mo']],
  ])('reveals %s', (_, text, pieces) => {
    expect(revealHidden(text)).toEqual(pieces);
  });

  it('reveals every tag character of a hidden sentence', () => {
    const pieces = revealHidden(`Nice post${TAGGED}`);
    expect(pieces[0]).toBe('Nice post');
    expect(pieces.slice(1)).toHaveLength(21);
    expect(pieces[1]).toEqual({ code: 'U+E0020' });
  });

  it.each([
    ['an emoji joined with a joiner', 'dev 👩\u200D💻'],
    ['a family with skin tones', '👩🏽\u200D👩🏽\u200D👦🏽'],
    ['an emoji presentation selector', 'I ❤\uFE0F it'],
    ['a keycap', '1\uFE0F\u20E3'],
    ['a subdivision flag (tag characters after a black flag)', 'Cymru 🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}'],
    ['an ideographic variation selector', '葛\u{E0100}城'],
    ['plain text in any script', 'Zoë Ωμέγα Андрей 山田'],
  ])('leaves %s alone', (_, text) => {
    expect(revealHidden(text)).toEqual([text]);
    expect(hasHidden(text)).toBe(false);
  });

  it('still reveals tag characters that follow no black flag', () => {
    expect(hasHidden('🏳\u{E0067}\u{E0062}\u{E007F}')).toBe(true);
  });

  it('spells hidden characters out for a line of plain text', () => {
    expect(spellHidden('@demo\u202E')).toBe('@demo[U+202E]');
  });
});

describe('removing hidden characters from what will be posted', () => {
  it('removes the hidden sentence and says how many characters went', () => {
    const selection = `Cruds expire, like good bread.${TAGGED}\u200B\u202E`;
    expect(stripHidden(selection, '\n\t')).toEqual({ text: 'Cruds expire, like good bread.', removed: 23 });
  });

  it('keeps the line breaks and tabs the caller asks to keep, and the emoji', () => {
    expect(stripHidden('one\ntwo\tthree 👩\u200D💻\r', '\n\t')).toEqual({ text: 'one\ntwo\tthree 👩\u200D💻', removed: 1 });
  });

  it('removes nothing from plain text', () => {
    expect(stripHidden('Hello, Cruddur')).toEqual({ text: 'Hello, Cruddur', removed: 0 });
  });
});
