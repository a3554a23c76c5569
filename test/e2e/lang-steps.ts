/**
 * The extension in another language, as the e2e tours check it: the words come from the same
 * catalogs the browser reads (public/_locales), so a tour written in English finds the German
 * button for "Sign in" once the view takes it from the catalog, and English while it does not yet.
 *
 * Each view is then checked as a reader of that language sees it: the page's `lang` and `dir`,
 * nothing cut or overflowing sideways at the popup's width, and no text left in English where
 * the catalog has a translation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { ExtensionPage } from '../support/browser-driver.ts';

const LOCALES = resolve(import.meta.dirname, '../../public/_locales');

interface CatalogEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalog = Record<string, CatalogEntry>;

/** Chrome's and Firefox's `$$` is a literal dollar. */
const text = (entry: CatalogEntry) => entry.message.replace(/\$\$/g, '$').replace(/\s+/g, ' ').trim();
const PLACEHOLDER = /\$[A-Za-z0-9_@]+\$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function readCatalog(language: string): Catalog {
  return JSON.parse(readFileSync(resolve(LOCALES, language, 'messages.json'), 'utf8')) as Catalog;
}

/** An English message whose translation differs: seeing it on screen means a view kept its English. */
interface EnglishLeft {
  key: string;
  english: string;
  translation: string;
  /** The whole text, placeholders standing for anything. */
  pattern: RegExp;
}

export class Words {
  private readonly english = readCatalog('en');
  private readonly target: Catalog;
  private readonly leftovers: EnglishLeft[];

  constructor(readonly language: string) {
    this.target = language === 'en' ? this.english : readCatalog(language);
    this.leftovers = Object.entries(this.english).flatMap(([key, entry]) => {
      const translated = this.target[key];
      const english = text(entry);
      // Text of its own (not only placeholders), translated differently.
      if (!translated || text(translated) === english || !/\p{L}{2}/u.test(english.split(PLACEHOLDER).join(''))) return [];
      const pattern = new RegExp(`^${english.split(PLACEHOLDER).map(escape).join('.+')}$`, 'su');
      return [{ key, english, translation: text(translated), pattern }];
    });
  }

  /**
   * What a view in this language shows where English shows `english`: the translations of every
   * catalog message that reads exactly so (usually one), or the English itself while no view
   * takes it from the catalog yet.
   */
  say(english: string): string[] {
    const keys = Object.keys(this.english).filter((k) => text(this.english[k]!) === english);
    const said = [...new Set(keys.flatMap((k) => (this.target[k] ? [text(this.target[k])] : [])))];
    return said.length ? said : [english];
  }

  /** The English messages among `texts` that this language translates (each found once). */
  englishIn(texts: readonly string[]): string[] {
    if (this.language === 'en') return [];
    const found = new Set<string>();
    for (const seen of texts) {
      const left = this.leftovers.find((l) => l.pattern.test(seen));
      if (left) found.add(`"${seen}" (${left.key}, ${this.language}: "${left.translation}")`);
    }
    return [...found];
  }
}

/** The text candidates for one name, as the page shows them: the first one present wins. */
const FIND_PRESENT = `(names, kind) => {
  const visible = (el) => el.getClientRects().length > 0;
  const shown = kind === 'label'
    ? [...document.querySelectorAll('label')].filter(visible).flatMap((l) => [l.textContent.trim(), l.firstChild?.textContent?.trim()])
    : [...document.querySelectorAll('button, [role=button]')].filter(visible).map((b) => (b.getAttribute('aria-label') ?? b.textContent).trim());
  return names.find((n) => shown.includes(n)) ?? null;
}`;

/**
 * `page`, addressed in English: labels, button names and expected texts are looked up in the
 * catalog and said in `words`' language. Where one English text has several translations (a
 * title and a button), the one the page shows is used.
 */
export function speaking(page: ExtensionPage, words: Words): ExtensionPage {
  if (words.language === 'en') return page;
  // The English last: a view not yet converted still lets the tour through (and its check
  // reports the English left on it).
  const candidates = (english: string) => [...new Set([...words.say(english), english])];
  const pick = async (english: string, kind: 'label' | 'button'): Promise<string> => {
    const names = candidates(english);
    if (names.length === 1) return names[0]!;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const found = await page.evaluate<string | null>(`() => (${FIND_PRESENT})(${JSON.stringify(names)}, ${JSON.stringify(kind)})`);
      if (found !== null) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    // None showed in time: let the driver wait for the translation and fail naming it.
    return names[0]!;
  };
  return {
    ...page,
    fill: async (label, value) => page.fill(await pick(label, 'label'), value),
    value: async (label) => page.value(await pick(label, 'label')),
    press: async (label, key) => page.press(await pick(label, 'label'), key),
    click: async (name) => page.click(await pick(name, 'button')),
    isDisabled: async (name) => page.isDisabled(await pick(name, 'button')),
    waitForText: (id, expected, timeoutMs) =>
      page.waitForText(id, typeof expected === 'string' ? new RegExp(`^(?:${candidates(expected).map(escape).join('|')})$`, 'u') : expected, timeoutMs),
  };
}

/** What a view shows, measured in the page: its language, direction, what is cut or sticks out, and its texts. */
interface ViewLayout {
  lang: string | null;
  dir: string | null;
  direction: string;
  viewportWidth: number;
  /** How far the page scrolls sideways (0: not at all). */
  sideways: number;
  /** Elements holding text whose content is wider than their box (cut, or spilling out). */
  cut: string[];
  /** Elements holding text that reach past the viewport's left or right edge. */
  outside: string[];
  /** Every rendered text: text nodes, and the placeholder, aria-label, title and alt attributes. */
  texts: string[];
}

const MEASURE = `() => {
  const root = document.documentElement;
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const name = (el) => {
    const id = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return el.localName + (id ? '[data-testid=' + id + ']' : cls) + ' "' + (el.innerText ?? el.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 60) + '"';
  };
  const out = {
    lang: root.getAttribute('lang'),
    dir: root.getAttribute('dir'),
    direction: getComputedStyle(root).direction,
    viewportWidth: root.clientWidth,
    sideways: Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth,
    cut: [], outside: [], texts: [],
  };
  if (document.title.trim()) out.texts.push(document.title.trim());
  for (const el of document.body.querySelectorAll('*')) {
    if (!rendered(el)) continue;
    for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
      const v = el.getAttribute(attr)?.trim();
      if (v) out.texts.push(v.replace(/\\s+/g, ' '));
    }
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own.length) continue;
    for (const n of own) out.texts.push(n.textContent.trim().replace(/\\s+/g, ' '));
    if (el.innerText) out.texts.push(el.innerText.trim().replace(/\\s+/g, ' '));
    const box = el.getBoundingClientRect();
    // Visually hidden text (for screen readers) is a 1 px box on purpose: not cut.
    if (box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(el);
    const control = ['input', 'textarea', 'select'].includes(el.localName);
    if (!control && style.display !== 'inline' && el.scrollWidth > el.clientWidth + 1) out.cut.push(name(el) + ' (' + el.scrollWidth + ' px of text in ' + el.clientWidth + ')');
    if (box.right > root.clientWidth + 1 || box.left < -1) out.outside.push(name(el) + ' (from ' + Math.round(box.left) + ' to ' + Math.round(box.right) + ' px)');
  }
  return out;
}`;

/** The languages written right to left (Chrome's `@@bidi_dir` is `rtl` for these). */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * What is wrong with the view on `page` for a reader of `words`' language, one line each:
 * `html[lang]` and `html[dir]` (`rtl` in Arabic), a sideways scroll, text cut or past the edge,
 * English left where the catalog translates it. Empty when the view reads right.
 */
export async function localizationFindings(page: Pick<ExtensionPage, 'evaluate'>, words: Words): Promise<string[]> {
  const seen = await page.evaluate<ViewLayout>(MEASURE);
  const dir = RIGHT_TO_LEFT.has(words.language) ? 'rtl' : 'ltr';
  const findings: string[] = [];
  if (seen.lang?.split('-')[0] !== words.language) findings.push(`html[lang] is ${JSON.stringify(seen.lang)}, not "${words.language}" (does the page's entry call localizeDocument()?)`);
  if (seen.dir !== dir) findings.push(`html[dir] is ${JSON.stringify(seen.dir)}, not "${dir}" (localizeDocument() sets it)`);
  // Said once: a page without `dir` lays out left to right anyway.
  else if (seen.direction !== dir) findings.push(`html[dir] is "${dir}" but the page lays out ${seen.direction}`);
  if (seen.sideways > 1) findings.push(`the page scrolls sideways by ${seen.sideways} px at ${seen.viewportWidth} px wide`);
  findings.push(...seen.cut.map((c) => `cut: ${c}`));
  findings.push(...seen.outside.map((o) => `past the edge of the ${seen.viewportWidth} px view: ${o}`));
  findings.push(...words.englishIn(seen.texts).map((e) => `still in English: ${e}`));
  return findings;
}

/** The view reads right in `words`' language (soft: a tour reports every view, then fails). */
export async function expectLocalized(page: Pick<ExtensionPage, 'evaluate'>, view: string, words: Words): Promise<void> {
  expect.soft(await localizationFindings(page, words), `${view} in "${words.language}"`).toEqual([]);
}
