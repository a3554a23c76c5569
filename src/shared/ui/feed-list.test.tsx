import { afterEach, describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import type { Activity } from '../activity.ts';
import { useLanguage } from '../i18n-fake.ts';
import { FeedItem, itemKeys } from './feed-list.tsx';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const MINUTE = 60_000;

/**
 * The words a view draws, hook-free components called in place: enough to read a crud's row
 * without a DOM. Attributes a user hears (aria-label, title) come out as `[text]`.
 */
function words(node: unknown): string[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (typeof node === 'string' || typeof node === 'number') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(words);
  const { type, props } = node as VNode<Record<string, unknown>>;
  if (typeof type === 'function') return words((type as (p: unknown) => unknown)(props));
  const said = ['aria-label', 'title'].flatMap((name) => (typeof props[name] === 'string' ? [`[${props[name] as string}]`] : []));
  return [...said, ...words(props.children)];
}

const crud = (fields: Partial<Activity>): Activity =>
  ({
    uuid: 'u1',
    handle: '',
    display_name: '',
    message: '',
    created_at: new Date(NOW - 5 * MINUTE).toISOString(),
    expires_at: new Date(NOW + 2 * 60 * MINUTE).toISOString(),
    replies_count: 1,
    reposts_count: 0,
    likes_count: 1042,
    ...fields,
  }) as Activity;

describe('a crud row speaks the browser\'s language', () => {
  afterEach(() => useLanguage('en'));

  it('English: counts in words, the age and the expiry', () => {
    const text = words(FeedItem({ activity: crud({ display_name: 'Worf', handle: 'worf', message: 'Today is a good day' }), now: NOW })).join('|');
    expect(text).toContain('[1 reply]');
    expect(text).toContain('[0 reposts]');
    expect(text).toContain('[1,042 likes]');
    expect(text).toContain('5m ago');
    expect(text).toContain('expires in 2 hours');
  });

  it('German: what the backend left out, the counts, the age and the expiry', () => {
    useLanguage('de');
    const text = words(FeedItem({ activity: crud({}), now: NOW })).join('|');
    expect(text).toContain('Unbekannter Autor');
    expect(text).toContain('Dieser Crud hat keinen Text.');
    expect(text).toContain('[1 Antwort]');
    expect(text).toContain('[1.042 Likes]');
    expect(text).toContain('vor 5 m');
    expect(text).toContain('läuft in 2 Stunden ab');
    expect(text).not.toMatch(/reply|likes|ago|expires/);
  });

  it('German: the button that opens a crud says whose it is and how many replies it has', () => {
    useLanguage('de');
    const text = words(FeedItem({ activity: crud({ uuid: '6e4c3f1a-2b1d-4c5e-8f90-123456789abc', display_name: 'Worf', handle: 'worf' }), now: NOW, onOpenThread: () => {}, onOpenProfile: () => {} })).join('|');
    expect(text).toContain('[Crud von Worf mit Antworten öffnen: 1]');
    expect(text).toContain('[Profil von Worf öffnen]');
  });
});

describe('feed item keys', () => {
  it('two cruds with one uuid (the original backend sends one twice) both get a row of their own', () => {
    expect(itemKeys([{ uuid: 'a' }, { uuid: 'b' }, { uuid: 'a' }, { uuid: 'a' }])).toEqual(['a', 'b', 'a#1', 'a#2']);
  });
});
