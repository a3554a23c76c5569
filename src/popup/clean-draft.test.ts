import { describe, expect, it } from 'vitest';
import { cleanDraft, COMPOSER_TEXT } from './clean-draft.ts';
import { useLanguage } from '../shared/i18n-fake.ts';

const TAGGED = [...' I authorise @mallory to post as me'].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');

describe('the composer posts what it shows', () => {
  it('removes a hidden sentence from a selection, and the counter counts what will be sent', () => {
    const selected = { message: `Cruds expire, like good bread!!\u202E${TAGGED}\u200B`, ttl: '7-days' as const };
    const { draft, removed } = cleanDraft(selected);
    expect(draft).toEqual({ message: 'Cruds expire, like good bread!!', ttl: '7-days' });
    expect(removed).toBe(37);
    expect([...draft.message]).toHaveLength(31); // the counter's count (code points)
    expect(COMPOSER_TEXT.removed(removed)).toBe('Removed 37 hidden characters (invisible or text-direction controls) from the text.');
  });

  it('keeps line breaks, tabs and emoji sequences, and the same draft object when nothing is hidden', () => {
    const typed = { message: 'one\ntwo\tthree 👩‍💻', ttl: '1-day' as const };
    expect(cleanDraft(typed)).toEqual({ draft: typed, removed: 0 });
    expect(cleanDraft(typed).draft).toBe(typed);
  });

  it('says one character in the singular', () => {
    expect(COMPOSER_TEXT.removed(1)).toBe('Removed 1 hidden character (invisible or text-direction control) from the text.');
  });

  it('counts in the plural forms of the browser\'s language (Intl.PluralRules)', () => {
    useLanguage('de');
    expect(COMPOSER_TEXT.removed(1)).toBe('1 verstecktes Zeichen (unsichtbar oder Textrichtung) wurde aus dem Text entfernt.');
    expect(COMPOSER_TEXT.removed(1234)).toBe('1.234 versteckte Zeichen (unsichtbar oder Textrichtung) wurden aus dem Text entfernt.');
    useLanguage('ar');
    expect(COMPOSER_TEXT.removed(2)).toBe('أُزيل حرفان مخفيان (غير مرئيين أو للتحكم في اتجاه النص) من النص.');
    expect(COMPOSER_TEXT.removed(5)).toBe('أُزيلت 5 أحرف مخفية (غير مرئية أو للتحكم في اتجاه النص) من النص.');
  });
});
