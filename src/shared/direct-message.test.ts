import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as worker from './direct-message.ts';
import { toConversations, toDirectMessage, toDirectMessages } from './direct-message.ts';
import { MAX_MESSAGE_CHARS, MESSAGE_TEXT, messageTextProblem } from './message-text.ts';

/** A captured answer of either backend (test/support/fixtures). */
const fixture = (backend: 'original' | 'ours', name: string): unknown =>
  (JSON.parse(readFileSync(new URL(`../../test/support/fixtures/${backend}/${name}.json`, import.meta.url), 'utf8')) as { body: unknown }).body;

describe('direct messages from either backend', () => {
  it('reads this API\'s conversations with their unread state', () => {
    expect(toConversations(fixture('ours', 'message-groups'))).toEqual([
      { handle: 'ann', display_name: 'Ann Fixture', message: 'Hello Ben', created_at: '2026-12-04T21:13:41.532Z', unread_count: 1, last_message_from_me: false },
    ]);
  });

  it('reads the original\'s conversations (no text, no unread state) with times in UTC', () => {
    const list = toConversations(fixture('original', 'message-groups'));
    expect(list).toEqual([
      { handle: 'andrewbrown', display_name: 'Andrew Brown', message: '', created_at: '2026-12-04T21:13:41.532Z', unread_count: 0, last_message_from_me: false },
      { handle: 'worf', display_name: 'Worf', message: '', created_at: '2026-12-04T21:13:41.532Z', unread_count: 0, last_message_from_me: false },
    ]);
  });

  it('reads both backends\' messages and the sent message', () => {
    expect(toDirectMessages(fixture('ours', 'messages'))?.[0]).toEqual({ uuid: '00000000-0000-4000-8000-000000000004', handle: 'ann', display_name: 'Ann Fixture', message: 'Hello Ben', created_at: '2026-12-04T21:13:41.532Z' });
    expect(toDirectMessages(fixture('original', 'messages'))?.map((m) => m.message)).toEqual(['Cloud is fun!', 'This platform is great!']);
    expect(toDirectMessage(fixture('original', 'message-create'))).toMatchObject({ handle: 'andrewbrown', message: 'Hello Worf', created_at: '2026-12-04T21:13:41.532Z' });
    expect(toDirectMessage(fixture('ours', 'message-create'))).toMatchObject({ handle: 'ann', message: 'Hello Ben' });
  });

  it('keeps what it can: a name falls back to the handle, no uuid gets a local one, non-objects are left out', () => {
    const [m] = toDirectMessages([{ handle: '@zed', message: 7 }, null, 3]) ?? [];
    expect(m).toMatchObject({ handle: 'zed', display_name: 'zed', message: '7', created_at: '' });
    expect(m?.uuid).toMatch(/^local-message-/);
    expect(toConversations([{ handle: 'x', unread_count: -2, last_message_from_me: 'yes' }])?.[0]).toMatchObject({ unread_count: 0, last_message_from_me: false, display_name: 'x' });
    expect(toConversations({ not: 'a list' })).toBeNull();
    expect(toDirectMessages('<html>')).toBeNull();
  });

  it('refuses blank and too long text as the API counts it (NULs out, trimmed, code points)', () => {
    expect(messageTextProblem('  \n\0 ')).toBe(MESSAGE_TEXT.blank);
    expect(messageTextProblem(' hi ')).toBeNull();
    expect(messageTextProblem('😀'.repeat(MAX_MESSAGE_CHARS))).toBeNull();
    expect(messageTextProblem('😀'.repeat(MAX_MESSAGE_CHARS + 1))).toBe(MESSAGE_TEXT.tooLong);
  });

  it('the worker and the views hold messages to the same limit and words', () => {
    expect(worker.MAX_MESSAGE_CHARS).toBe(MAX_MESSAGE_CHARS);
    expect(worker.MESSAGE_TEXT).toEqual(MESSAGE_TEXT);
    expect(worker.cleanMessage(' a\0b ')).toBe('ab');
  });
});
