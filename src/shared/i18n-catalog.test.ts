// The catalogs in public/_locales: every language says everything English says, with the same
// placeholders, in the plural forms its grammar has, and nothing is left in English by accident.
import { describe, expect, it } from 'vitest';
import { CATALOGS, DEFAULT_LANGUAGE, substitute, type Catalog } from './i18n-fake.ts';

const english = CATALOGS[DEFAULT_LANGUAGE]!;
const others = Object.entries(CATALOGS).filter(([lang]) => lang !== DEFAULT_LANGUAGE);
const CATEGORY = /_(zero|one|two|few|many|other)$/;

const pluralBases = (catalog: Catalog) => new Set(Object.keys(catalog).filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length)));
const baseOf = (key: string) => key.replace(CATEGORY, '');
const placeholderNames = (catalog: Catalog, key: string) => Object.keys(catalog[key]?.placeholders ?? {}).map((n) => n.toLowerCase()).sort();

describe('the catalogs', () => {
  it.each(Object.entries(CATALOGS))('%s: keys are sorted (by code unit, as `sort` and Python sort them), distinct ignoring case, of letters, digits and underscores', (_lang, catalog) => {
    const keys = Object.keys(catalog);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it.each(Object.entries(CATALOGS))('%s: every message is filled, and every dollar is a placeholder or $$', (_lang, catalog) => {
    for (const [key, entry] of Object.entries(catalog)) {
      expect(entry.message.trim(), key).not.toBe('');
      const names = new Set(Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase()));
      const stray = entry.message.replace(/\$\$/g, '').replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => (names.has(name.toLowerCase()) ? '' : whole));
      expect(stray, `${key}: a dollar that is neither $$ nor a defined placeholder`).not.toContain('$');
      for (const [name, p] of Object.entries(entry.placeholders ?? {})) expect(p.content, `${key}.${name}`).toMatch(/^\$[1-9]$/);
    }
  });

  it.each(others)('%s: has every English message, and no other (plural forms aside)', (_lang, catalog) => {
    const bases = pluralBases(english);
    const plain = (c: Catalog) => Object.keys(c).filter((k) => !bases.has(baseOf(k))).sort();
    expect(plain(catalog)).toEqual(plain(english));
    expect(pluralBases(catalog)).toEqual(bases);
  });

  it.each(others)('%s: each plural has exactly the forms its grammar has (Intl.PluralRules)', (lang, catalog) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
    for (const base of pluralBases(english)) {
      const forms = Object.keys(catalog).filter((k) => baseOf(k) === base && k !== base).map((k) => k.slice(base.length + 1)).sort();
      expect(forms, base).toEqual(categories);
    }
  });

  it('English has the forms English grammar has', () => {
    for (const base of pluralBases(english)) expect([`${base}_one`, `${base}_other`].every((k) => k in english), base).toBe(true);
  });

  it.each(others)('%s: uses the same placeholders as English', (_lang, catalog) => {
    for (const key of Object.keys(catalog)) {
      const englishKey = key in english ? key : `${baseOf(key)}_other`;
      expect(placeholderNames(catalog, key), key).toEqual(placeholderNames(english, englishKey));
      // Filled with sample values, every placeholder resolves.
      const count = Math.max(0, ...Object.values(catalog[key]!.placeholders ?? {}).map((p) => Number(p.content.slice(1))));
      expect(() => substitute(key, catalog[key]!, Array.from({ length: count }, (_, i) => `x${i}`))).not.toThrow();
    }
  });

  it.each(others)('%s: a message the same as English says why, in its description', (_lang, catalog) => {
    const unexplained = Object.entries(catalog)
      .filter(([key, entry]) => english[key]?.message === entry.message && !('description' in entry))
      .map(([key]) => key);
    expect(unexplained).toEqual([]);
  });
});
