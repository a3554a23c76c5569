import { describe, expect, it } from 'vitest';
import { useLanguage } from '../i18n-fake.ts';
import { backLabel, MAX_PLACES, pop, push, replaceTop, type Place } from './cruddur-nav.ts';

const thread = (uuid: string): Place => ({ kind: 'thread', uuid });

describe('the popup\'s places beyond home', () => {
  it('goes deeper and back, one place at a time', () => {
    const a = push([], thread('a'));
    const b = push(a, { kind: 'profile', handle: 'worf' });
    expect(b.map((p) => p.kind)).toEqual(['thread', 'profile']);
    expect(pop(b)).toEqual(a);
    expect(pop(pop(b))).toEqual([]);
    expect(pop([])).toEqual([]);
  });

  it('opening the place already open changes nothing (a profile by any case, a second search)', () => {
    const p = push([], { kind: 'profile', handle: 'Worf' });
    expect(push(p, { kind: 'profile', handle: 'worf' })).toEqual(p);
    const s = push([], { kind: 'search', term: '' });
    expect(push(s, { kind: 'search', term: 'x' })).toHaveLength(1);
    expect(push(push([], thread('a')), thread('b'))).toHaveLength(2);
  });

  it('forgets the oldest places past the limit', () => {
    let stack: Place[] = [];
    for (let i = 0; i < MAX_PLACES + 3; i += 1) stack = push(stack, thread(String(i)));
    expect(stack).toHaveLength(MAX_PLACES);
    expect(stack[0]).toEqual(thread('3'));
  });

  it('a search keeps its term for Back', () => {
    const s = replaceTop(push([], { kind: 'search', term: '' }), { kind: 'search', term: 'cloud' });
    const deeper = push(s, thread('a'));
    expect(pop(deeper)).toEqual([{ kind: 'search', term: 'cloud' }]);
    expect(replaceTop([], thread('x'))).toEqual([thread('x')]);
  });

  it('Back says where it goes', () => {
    expect(backLabel([thread('a')])).toBe('Back to the home feed');
    expect(backLabel([{ kind: 'profile', handle: 'worf' }, thread('a')])).toBe('Back to @worf');
    expect(backLabel([thread('a'), thread('b')])).toBe('Back to the crud');
    expect(backLabel([{ kind: 'search', term: 'x' }, thread('b')])).toBe('Back to the search');
  });

  it('Back says it in the browser\'s language', () => {
    useLanguage('de');
    try {
      expect(backLabel([thread('a')])).toBe('Zurück zum Feed');
      expect(backLabel([{ kind: 'profile', handle: 'worf' }, thread('a')])).toBe('Zurück zu @worf');
    } finally {
      useLanguage('en');
    }
  });

  it('messages: a conversation opened again is the same place (handles in any case); Back names it', () => {
    const list: Place = { kind: 'messages' };
    const withBob = push([list], { kind: 'conversation', handle: 'bob', name: 'Bob' });
    expect(push(withBob, { kind: 'conversation', handle: 'BOB' })).toEqual(withBob);
    expect(push(withBob, { kind: 'conversation', handle: 'ann' })).toHaveLength(3);
    expect(push([list], list)).toEqual([list]);
    expect(backLabel(withBob)).toBe('Back to your messages');
    expect(backLabel([...withBob, { kind: 'profile', handle: 'bob' }])).toBe('Back to the conversation with @bob');
  });
});
