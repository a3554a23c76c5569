// The handle rules as tables: TR39 skeletons, the two uniqueness keys, what a handle may hold,
// and which profile text is refused outright.
import { describe, expect, it } from 'vitest';
import { handleKeys, handleProblem, normalizeHandle, skeleton } from './handle-rules.ts';
import { hasHiddenCharacters, hiddenCharacterFields } from './label-text.ts';

const same = (a: string, b: string) => {
  const [x, y] = [handleKeys(a), handleKeys(b)];
  return x.key === y.key || x.shape === y.shape;
};

describe('TR39 skeleton (unhomoglyph data, NFD around it, default-ignorables dropped)', () => {
  it.each([
    ['Cyrillic а and Latin a', '\u0430', 'a'],
    ['rn and m', 'rn', 'm'],
    ['capital I and l', 'I', 'l'],
    ['digit 1 and l', '1', 'l'],
    ['digit 0 and capital O', '0', 'O'],
    ['a zero-width space is dropped', 'a\u200bb', 'ab'],
    ['precomposed and combining é', '\u00e9', 'e\u0301'],
  ])('%s share a skeleton', (_name, a, b) => {
    expect(skeleton(a)).toBe(skeleton(b));
  });
});

describe('one handle, many spellings', () => {
  it.each([
    ['demo', 'Demo'], ['demo', 'DEMO'], ['local', 'Iocal'], ['bill', 'bi11'],
    ['modern', 'rnodern'], ['scope', '\u0455\u0441\u043e\u0440\u0435'], ['demo', '\uff44\uff45\uff4d\uff4f'], ['strasse', 'STRASSE'],
  ])('%s and %s are the same handle', (a, b) => {
    expect(same(a, b)).toBe(true);
  });

  it.each([['demo', 'demos'], ['alice', 'alicia'], ['worf', 'w0rf2']])('%s and %s are different handles', (a, b) => {
    expect(same(a, b)).toBe(false);
  });
});

describe('what a handle may hold', () => {
  it.each<[string, string, ReturnType<typeof handleProblem>]>([
    ['letters, digits, _ . -', 'andrew_brown-2.0', null],
    ['accented letters (NFC)', 'café', null],
    ['Greek only', 'αβγ', null],
    ['Japanese with Latin', '日本語abc', null],
    ['Korean with Latin', '한국어abc', null],
    ['empty', '', 'blank'],
    ['33 code points', 'x'.repeat(33), 'too_long'],
    ['a space', 'andrew brown', 'characters'],
    ['an @', 'a@b', 'characters'],
    ['a slash', 'a/b', 'characters'],
    ['an emoji', 'crab🦀', 'characters'],
    ['a NUL', 'de\0mo', 'characters'],
    ['a zero-width space', 'de\u200bmo', 'characters'],
    ['a right-to-left override', 'de\u202emo', 'characters'],
    ['fullwidth letters', '\uff44\uff45\uff4d\uff4f', 'characters'],
    ['Latin with Cyrillic е, о', 'd\u0435m\u043e', 'mixed_scripts'],
    ['Latin with Greek π', 'abcπ', 'mixed_scripts'],
  ])('%s → %s', (_name, handle, problem) => {
    expect(handleProblem(normalizeHandle(handle))).toBe(problem);
  });

  it('combining sequences are stored composed (NFC)', () => {
    expect(normalizeHandle('cafe\u0301')).toBe('café');
  });
});

describe('profile text no label may show', () => {
  it.each([
    ['NUL', '\0'], ['DEL', '\u007f'], ['a C1 control', '\u0085'], ['a tab', '\t'], ['a bidi override', '\u202e'],
    ['a bidi isolate', '\u2066'], ['a left-to-right mark', '\u200e'], ['a zero-width space', '\u200b'], ['a BOM', '\ufeff'],
    ['a tag character', '\u{e0041}'], ['a line separator', '\u2028'], ['a lone surrogate', '\ud800'], ['a soft hyphen', '\u00ad'],
  ])('%s is refused', (_name, ch) => {
    expect(hasHiddenCharacters(`a${ch}b`)).toBe(true);
  });

  it.each([['ZWJ emoji', '👨‍👩‍👧'], ['a variation selector', '❤️'], ['ZWNJ in Persian', 'می‌خواهم'], ['plain accents', 'Zoë Ångström']])('%s is fine', (_name, text) => {
    expect(hasHiddenCharacters(text)).toBe(false);
  });

  it('names the fields that hold one', () => {
    expect(hiddenCharacterFields({ name: 'ok', preferred_username: 'x\0', email: 'e\u202e', username: 'u' })).toEqual(['preferred_username', 'email']);
  });
});
