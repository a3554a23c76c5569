// POST /api/messages bodies in every shape the original backends took, and the errors they get.
import { describe, expect, it } from 'vitest';
import { validateNewMessage } from './message-input.ts';

const GROUP = '24b95582-9e7b-4e0a-9ad1-639773ab7552';

describe('validateNewMessage', () => {
  it.each<[string, unknown, ReturnType<typeof validateNewMessage>]>([
    ['week 3: user_receiver_handle', { user_receiver_handle: 'worf', message: ' hi ' }, { ok: true, message: 'hi', to: { handle: 'worf' } }],
    ['later: handle, with its @', { handle: '@worf', message: 'hi' }, { ok: true, message: 'hi', to: { handle: 'worf' } }],
    ['later: message_group_uuid (upper case)', { message_group_uuid: GROUP.toUpperCase(), message: 'hi' }, { ok: true, message: 'hi', to: { groupUuid: GROUP } }],
    ['both: the handle wins', { handle: 'worf', message_group_uuid: GROUP, message: 'hi' }, { ok: true, message: 'hi', to: { handle: 'worf' } }],
    ['no recipient', { message: 'hi' }, { ok: false, errors: ['user_reciever_handle_blank'] }],
    ['nothing', {}, { ok: false, errors: ['message_blank', 'user_reciever_handle_blank'] }],
    ['not an object', ['worf', 'hi'], { ok: false, errors: ['message_blank', 'user_reciever_handle_blank'] }],
    ['a NUL-only message', { handle: 'worf', message: '\0\0' }, { ok: false, errors: ['message_blank'] }],
    ['1,024 characters are fine', { handle: 'worf', message: '🦀'.repeat(1024) }, { ok: true, message: '🦀'.repeat(1024), to: { handle: 'worf' } }],
    ['1,025 are not', { handle: 'worf', message: 'x'.repeat(1025) }, { ok: false, errors: ['message_exceed_max_chars'] }],
  ])('%s', (_name, body, expected) => {
    expect(validateNewMessage(body)).toEqual(expected);
  });
});
