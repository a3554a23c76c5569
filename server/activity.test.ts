import { describe, expect, it } from 'vitest';
import { expiresAt, validateNewActivity, type ActivityErrorCode } from './activity.ts';

describe('validateNewActivity', () => {
  it.each<[string, unknown, ActivityErrorCode[]]>([
    ['empty object', {}, ['message_blank', 'ttl_blank']],
    ['not an object', 'hello', ['message_blank', 'ttl_blank']],
    ['an array', ['hi', '7-days'], ['message_blank', 'ttl_blank']],
    ['null', null, ['message_blank', 'ttl_blank']],
    ['whitespace message', { message: '  \n ', ttl: '7-days' }, ['message_blank']],
    ['message is a number', { message: 42, ttl: '7-days' }, ['message_blank']],
    ['281 characters', { message: 'x'.repeat(281), ttl: '1-hour' }, ['message_exceed_max_chars']],
    ['no ttl', { message: 'hi' }, ['ttl_blank']],
    ['unknown ttl', { message: 'hi', ttl: '2-days' }, ['ttl_invalid']],
    ['prototype key as ttl', { message: 'hi', ttl: 'constructor' }, ['ttl_invalid']],
    ['both too long and bad ttl', { message: 'x'.repeat(300), ttl: 'forever' }, ['message_exceed_max_chars', 'ttl_invalid']],
  ])('%s → %j', (_name, body, errors) => {
    expect(validateNewActivity(body)).toEqual({ ok: false, errors });
  });

  it('accepts 280 emoji (counted as characters, not UTF-16 units) and trims the message', () => {
    const message = '🦀'.repeat(280);
    expect(validateNewActivity({ message: ` ${message} `, ttl: '30-days' })).toEqual({ ok: true, value: { message, ttl: '30-days' } });
  });

  it.each([
    ['30-days', 30 * 24], ['7-days', 7 * 24], ['3-days', 72], ['1-day', 24], ['12-hours', 12], ['3-hours', 3], ['1-hour', 1],
  ])('ttl %s expires %i hours after posting', (ttl, hours) => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiresAt(ttl, now).getTime() - now.getTime()).toBe(hours * 3_600_000);
  });
});
