import { describe, expect, it } from 'vitest';
import { itemKeys } from './feed-list.tsx';

describe('feed item keys', () => {
  it('two cruds with one uuid (the original backend sends one twice) both get a row of their own', () => {
    expect(itemKeys([{ uuid: 'a' }, { uuid: 'b' }, { uuid: 'a' }, { uuid: 'a' }])).toEqual(['a', 'b', 'a#1', 'a#2']);
  });
});
