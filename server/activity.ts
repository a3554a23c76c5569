// Cruddur's Activity shape and the validation rules of `POST /api/activities`.
// Codes and TTL values match Cruddur's backend (services/create_activity.py), so a client
// written for Cruddur can switch on the same strings.

// The wire shape is the one the extension reads: one definition for both sides.
export type { Activity } from '../src/shared/activity.ts';

export const MAX_MESSAGE_CHARS = 280;

/** Allowed `ttl` values and their length in hours. */
export const TTL_HOURS: Readonly<Record<string, number>> = {
  '30-days': 30 * 24,
  '7-days': 7 * 24,
  '3-days': 3 * 24,
  '1-day': 24,
  '12-hours': 12,
  '3-hours': 3,
  '1-hour': 1,
};

export type ActivityErrorCode = 'message_blank' | 'message_exceed_max_chars' | 'ttl_blank' | 'ttl_invalid';

export interface NewActivity {
  message: string;
  ttl: string;
}

export type Validation = { ok: true; value: NewActivity } | { ok: false; errors: ActivityErrorCode[] };

/** Validates an untrusted request body; every problem is reported, not only the first. */
export function validateNewActivity(body: unknown): Validation {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: ActivityErrorCode[] = [];
  // NUL can be sent in JSON but not stored in PostgreSQL text: drop it rather than fail the insert.
  const message = typeof record.message === 'string' ? record.message.replaceAll('\0', '').trim() : '';
  const ttl = typeof record.ttl === 'string' ? record.ttl.trim() : '';

  if (message === '') errors.push('message_blank');
  // Count code points, not UTF-16 units, so an emoji is one character as users see it.
  else if ([...message].length > MAX_MESSAGE_CHARS) errors.push('message_exceed_max_chars');

  if (ttl === '') errors.push('ttl_blank');
  else if (!Object.hasOwn(TTL_HOURS, ttl)) errors.push('ttl_invalid');

  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { message, ttl } };
}

/** When a crud posted at `now` with this (validated) ttl expires. */
export function expiresAt(ttl: string, now: Date): Date {
  const hours = TTL_HOURS[ttl];
  if (hours === undefined) throw new RangeError(`unknown ttl ${ttl}`);
  return new Date(now.getTime() + hours * 3_600_000);
}
