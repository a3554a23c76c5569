/**
 * Unit tests' stand-in for `chrome.i18n`: the real catalogs, substituted by the browsers'
 * documented rules (named placeholders whose content is `$1`…`$9`, `$$` for a dollar, a key a
 * language lacks taken from the default language). Unlike a browser, which answers an unknown key
 * or a missing substitution with an empty string, it throws, so a test catches both.
 * Installed for every test by i18n-setup.ts; `useLanguage('de')` switches a test's language.
 */
import ar from '../../public/_locales/ar/messages.json' with { type: 'json' };
import de from '../../public/_locales/de/messages.json' with { type: 'json' };
import en from '../../public/_locales/en/messages.json' with { type: 'json' };
import es from '../../public/_locales/es/messages.json' with { type: 'json' };
import ja from '../../public/_locales/ja/messages.json' with { type: 'json' };

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type Catalog = Record<string, Entry>;

export const CATALOGS: Record<string, Catalog> = { en, es, de, ja, ar };
export const DEFAULT_LANGUAGE = 'en';
const RIGHT_TO_LEFT = new Set(['ar']);

/** Fills one message: `$NAME$` by its placeholder's content, `$n` by the nth substitution. */
export function substitute(key: string, entry: Entry, substitutions: readonly string[]): string {
  const fill = (text: string) =>
    text.replace(/\$(\d)/g, (_, n: string) => {
      const value = substitutions[Number(n) - 1];
      if (value === undefined) throw new Error(`i18n: "${key}" needs substitution $${n}, got ${substitutions.length}`);
      return value;
    });
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (whole, name?: string) => {
    if (whole === '$$') return '$';
    const content = placeholders[name!.toLowerCase()];
    if (content === undefined) throw new Error(`i18n: "${key}" names placeholder ${whole}, which it does not define`);
    return fill(content);
  });
}

export function fakeI18n(language: string): Pick<typeof chrome.i18n, 'getMessage' | 'getUILanguage'> {
  const base = language.split('-')[0]!;
  const catalog = CATALOGS[base];
  if (!catalog) throw new Error(`i18n: no catalog for ${language}`);
  return {
    getUILanguage: () => language,
    getMessage(key: string, substitutions?: string | string[]) {
      if (key === '@@bidi_dir') return RIGHT_TO_LEFT.has(base) ? 'rtl' : 'ltr';
      if (key === '@@ui_locale') return language.replace('-', '_');
      const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
      if (list.some((s) => typeof s !== 'string')) throw new Error(`i18n: "${key}" was given a substitution that is not a string`);
      const entry = catalog[key] ?? CATALOGS[DEFAULT_LANGUAGE]![key];
      // Plural families ask for categories a language may not have (plural() then takes `_other`).
      if (!entry) {
        if (/_(zero|one|two|few|many)$/.test(key)) return '';
        throw new Error(`i18n: no message "${key}" in the catalog`);
      }
      return substitute(key, entry, list);
    },
  } as Pick<typeof chrome.i18n, 'getMessage' | 'getUILanguage'>;
}

/** Makes `language` the one the code under test reads (until the next call). */
export function useLanguage(language: string): void {
  const g = globalThis as unknown as { chrome?: { i18n?: unknown } };
  g.chrome ??= {};
  g.chrome.i18n = fakeI18n(language);
}
