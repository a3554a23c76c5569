import { describe, expect, it } from 'vitest';
import { checkEmailScripts, checkScripts } from './mixed-script.ts';

describe('mixed-script handles (Unicode TR39)', () => {
  it.each([
    ['demo', ['Latin']],
    ['demo_42', ['Latin']],
    ['δημος', ['Greek']],
    ['андрей', ['Cyrillic']],
    ['山田たろう', ['Han', 'Hiragana']],
    ['タロウ漢字', ['Katakana', 'Han']],
    ['김철수', ['Hangul']],
    ['zoë', ['Latin']],
    ['1234_', []],
  ])('%s is single-script', (text, scripts) => {
    expect(checkScripts(text)).toEqual({ mixed: false, scripts });
  });

  it.each([
    ['dеmо (Cyrillic е and о)', 'd\u0435m\u043E', ['Latin', 'Cyrillic']],
    ['Greek omicron in a Latin name', 'dem\u03BF', ['Latin', 'Greek']],
    ['Cherokee letters among Latin ones', 'Ꭰemo', ['Cherokee', 'Latin']],
    ['Latin with Japanese', 'demoたろう', ['Latin', 'Hiragana']],
    ['an unlisted script among Latin letters', 'demo\u{10900}', ['Latin', 'another script']],
  ])('flags %s', (_, text, scripts) => {
    expect(checkScripts(text)).toEqual({ mixed: true, scripts });
  });
});

describe('mixed-script emails, part by part', () => {
  it.each([
    ['demo@cruddur.local', false],
    ['андрей@почта.рф', false],
    ['андрей@mail.example', false],
    ['d\u0435mo@cruddur.local', true],
    ['demo@crudd\u0443r.local', true],
  ])('%s mixed: %s', (email, mixed) => {
    expect(checkEmailScripts(email).mixed).toBe(mixed);
  });

  it('names the scripts of the mixed part', () => {
    expect(checkEmailScripts('demo@crudd\u0443r.local').scripts).toEqual(['Latin', 'Cyrillic']);
  });
});
