import { describe, expect, it } from 'vitest';
import { useLanguage } from './i18n-fake.ts';
import { crudLength, crudText, crudTextProblem, MAX_CRUD_CHARS } from './crud-text.ts';

describe('a crud\'s text, counted and refused as the API does', () => {
  it.each([
    ['plain text', 'hello', 5],
    ['spaces around it do not count', '  hello \n', 5],
    ['an emoji is one character', '🙂🙂', 2],
    ['NULs are dropped', 'a\0b', 2],
    ['only spaces is nothing', ' \t\n ', 0],
    ['an ideographic space is trimmed too', '\u3000hi\u3000', 2],
  ])('%s', (_, text, length) => {
    expect(crudLength(text)).toBe(length);
  });

  it('the stored text is trimmed', () => {
    expect(crudText('  two words  ')).toBe('two words');
  });

  it('blank text is refused with a sentence; the limit counts what is stored', () => {
    expect(crudTextProblem('    ')).toBe('Write something first: spaces alone are not a crud.');
    expect(crudTextProblem(` ${'x'.repeat(MAX_CRUD_CHARS)} `)).toBeNull();
    expect(crudTextProblem('🙂'.repeat(MAX_CRUD_CHARS + 2))).toBe('2 characters too long: a crud holds at most 280.');
    expect(crudTextProblem('x'.repeat(MAX_CRUD_CHARS + 1))).toBe('1 character too long: a crud holds at most 280.');
  });

  it('says so in the browser\'s language, with its plural forms', () => {
    useLanguage('ar');
    try {
      expect(crudTextProblem('x'.repeat(MAX_CRUD_CHARS + 2))).toMatch(/^حرفان زائدان/);
      expect(crudTextProblem('x'.repeat(MAX_CRUD_CHARS + 3))).toMatch(/^[3٣] أحرف زائدة/);
      useLanguage('de');
      expect(crudTextProblem('x'.repeat(MAX_CRUD_CHARS + 1))).toBe('1 Zeichen zu lang: ein Crud hat höchstens 280.');
      expect(crudTextProblem('  ')).toBe('Schreib erst etwas: nur Leerzeichen sind kein Crud.');
    } finally {
      useLanguage('en');
    }
  });
});
