/**
 * The extension's words: every sentence a user reads comes from the browser's catalog
 * (`public/_locales/<lang>/messages.json`, `default_locale: "en"`), read with `i18n.getMessage`,
 * which works the same in pages, content scripts and the worker of both browsers and is
 * synchronous. Keys are typed by the English catalog, so a key that is not there fails the type
 * check; the catalog test (i18n-catalog.test.ts) keeps every language's keys and placeholders
 * equal to English.
 *
 * Numbers, plurals, dates and relative times go through `Intl`, in the browser's UI language:
 * - a plural is a family of keys `<base>_<category>` (`Intl.PluralRules` categories: English
 *   has `_one` and `_other`, Arabic all six, Japanese only `_other`); a language without a
 *   category falls back to `_other`;
 * - `relativeTime` and `formatDate` wrap `Intl.RelativeTimeFormat` and `Intl.DateTimeFormat`.
 *
 * Catalog rules (Chrome's and Firefox's): substitutions are named placeholders
 * (`"$COUNT$"` with `"placeholders": { "count": { "content": "$1" } }`); a literal dollar is `$$`.
 */
import type english from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** The base of every plural family: `feed_newCruds` for `feed_newCruds_one` / `feed_newCruds_other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

type Substitution = string | number;
type I18nApi = Pick<typeof chrome.i18n, 'getMessage' | 'getUILanguage'>;

// `chrome.i18n` is there in both browsers' extension pages, content scripts and background
// (Firefox aliases `chrome`), and unit tests install the English catalog (i18n-fake.ts).
const api = (): I18nApi => (globalThis as unknown as { chrome: { i18n: I18nApi } }).chrome.i18n;

/** The browser's UI language (`de`, `en-US`, `ar`), which picks the catalog and every `Intl` format. */
export function uiLanguage(): string {
  return api().getUILanguage();
}

/** One `Intl` formatter per language and kind, made on first use: they are not cheap to build. */
const formatters = new Map<string, unknown>();
function formatter<F>(kind: string, make: (lang: string) => F): F {
  const lang = uiLanguage();
  const id = `${kind}|${lang}`;
  if (!formatters.has(id)) formatters.set(id, make(lang));
  return formatters.get(id) as F;
}

const formatNumber = (n: number) => formatter('number', (lang) => new Intl.NumberFormat(lang)).format(n);

const asText = (s: Substitution) => (typeof s === 'number' ? formatNumber(s) : s);

function message(key: string, substitutions: readonly Substitution[]): string {
  return api().getMessage(key, substitutions.map(asText));
}

/**
 * The sentence for `key`, with its placeholders filled in order. A key the running catalog
 * lacks (a stale build) shows as the key, never as nothing.
 */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return message(key, substitutions) || key;
}

/**
 * The sentence for `count` of something: the first placeholder is the count, formatted for the
 * language; more substitutions follow it.
 */
export function plural(base: PluralKey, count: number, ...more: Substitution[]): string {
  const category = formatter('plural', (lang) => new Intl.PluralRules(lang)).select(count);
  const substitutions = [count, ...more];
  return message(`${base}_${category}`, substitutions) || message(`${base}_other`, substitutions) || base;
}

/** "in 3 hours", "vor 5 Min.": `style` narrow for a crud's age, long in sentences. */
export function relativeTime(value: number, unit: Intl.RelativeTimeFormatUnit, style: Intl.RelativeTimeFormatStyle = 'long'): string {
  return formatter(`relative-${style}`, (lang) => new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style })).format(value, unit);
}

/** A date (and time) as the language writes it. */
export function formatDate(time: number | Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(uiLanguage(), options).format(time);
}

/**
 * Gives a page its language and direction: `lang` for screen readers and hyphenation, `dir`
 * from the catalog's predefined `@@bidi_dir` (Arabic reads right to left). Every page's entry
 * calls it before its first render; CSS uses logical properties, so the layout follows.
 */
export function localizeDocument(doc: Document = document): void {
  doc.documentElement.lang = uiLanguage();
  doc.documentElement.dir = api().getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
}
