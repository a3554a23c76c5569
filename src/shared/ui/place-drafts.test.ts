import { describe, expect, it } from 'vitest';
import { forgetDrafts, messageDrafts, replyDrafts } from './place-drafts.ts';

describe('drafts of replies and messages', () => {
  it('keeps each per key, apart from the other kind, until forgotten', () => {
    replyDrafts.set('crud-1', 'a reply');
    messageDrafts.set('crud-1', 'a message');
    messageDrafts.set('@ann', 'hello Ann');
    expect([replyDrafts.get('crud-1'), messageDrafts.get('crud-1'), messageDrafts.get('@ann'), replyDrafts.get('@ann')]).toEqual(['a reply', 'a message', 'hello Ann', undefined]);
    forgetDrafts();
    expect([replyDrafts.get('crud-1'), messageDrafts.get('crud-1'), messageDrafts.get('@ann')]).toEqual([undefined, undefined, undefined]);
  });
});
