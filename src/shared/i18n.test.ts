import { describe, expect, it } from 'vitest';
import { formatDate, localizeDocument, plural, relativeTime, t, uiLanguage } from './i18n.ts';
import { useLanguage } from './i18n-fake.ts';

describe('t', () => {
  it('reads the catalog of the browser’s language', () => {
    expect(t('commandOpen')).toBe('Open Cruddur Companion');
    useLanguage('de');
    expect(t('commandOpen')).toBe('Cruddur Companion öffnen');
    expect(uiLanguage()).toBe('de');
  });
});

describe('plural', () => {
  it('picks the form Intl.PluralRules names for the count, and formats the count', () => {
    expect(plural('badge_unreadTitle', 1)).toBe('Cruddur Companion: 1 conversation has new messages.');
    expect(plural('badge_unreadTitle', 1200)).toBe('Cruddur Companion: 1,200 conversations have new messages.');
    useLanguage('de-DE');
    expect(plural('badge_unreadTitle', 1200)).toBe('Cruddur Companion: 1.200 Unterhaltungen haben neue Nachrichten.');
  });

  it('uses all six Arabic forms, and only `other` in Japanese', () => {
    useLanguage('ar');
    expect(plural('badge_unreadTitle', 2)).toBe('Cruddur Companion: محادثتان فيهما رسائل جديدة.');
    expect(plural('badge_unreadTitle', 3)).toBe(`Cruddur Companion: ${new Intl.NumberFormat('ar').format(3)} محادثات فيها رسائل جديدة.`);
    useLanguage('ja');
    expect(plural('badge_unreadTitle', 1)).toBe('Cruddur Companion: 新しいメッセージのある会話が 1 件あります。');
  });
});

describe('Intl formats in the UI language', () => {
  it('relative times and dates follow the language', () => {
    useLanguage('de');
    expect(relativeTime(-5, 'minute')).toBe('vor 5 Minuten');
    expect(formatDate(Date.UTC(2026, 2, 4, 12), { month: 'long', day: 'numeric', timeZone: 'UTC' })).toBe('4. März');
    useLanguage('en');
    expect(relativeTime(3, 'hour')).toBe('in 3 hours');
  });
});

describe('localizeDocument', () => {
  const page = () => ({ documentElement: { lang: '', dir: '' } }) as unknown as Document;

  it('sets lang, and dir from the catalog: right to left in Arabic', () => {
    const doc = page();
    useLanguage('ar');
    localizeDocument(doc);
    expect(doc.documentElement).toMatchObject({ lang: 'ar', dir: 'rtl' });
    useLanguage('ja');
    localizeDocument(doc);
    expect(doc.documentElement).toMatchObject({ lang: 'ja', dir: 'ltr' });
  });
});
