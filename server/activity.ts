// Cruddur's Activity shape and the validation rules of `POST /api/activities`.
// Codes and TTL values match Cruddur's backend (services/create_activity.py), so a client
// written for Cruddur can switch on the same strings.

import { CRUD_TTL_HOURS, MAX_CRUD_CHARS } from '../src/shared/wire-constants.ts';
import { hasHiddenCharacters } from './label-text.ts';

// The wire shape is the one the extension reads: one definition for both sides.
export type { Activity } from '../src/shared/activity.ts';

// The limits the extension's composers check too: written once, in the shared contract.
export const MAX_MESSAGE_CHARS = MAX_CRUD_CHARS;

/** Allowed `ttl` values and their length in hours. */
export const TTL_HOURS: Readonly<Record<string, number>> = CRUD_TTL_HOURS;

export type ActivityErrorCode = 'message_blank' | 'message_exceed_max_chars' | 'ttl_blank' | 'ttl_invalid';

export interface NewActivity {
  message: string;
  ttl: string;
}

export type Validation = { ok: true; value: NewActivity } | { ok: false; errors: ActivityErrorCode[] };

/** A JSON body as a record: anything else (array, string, null) reads as `{}`. */
export const asRecord = (body: unknown): Record<string, unknown> =>
  (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/**
 * A message field as it will be stored: trimmed, NULs dropped (JSON can carry one, PostgreSQL
 * text cannot), and its problem if any. Length counts code points, so an emoji is one character.
 */
export function messageText(value: unknown, maxChars: number): { text: string; error: 'message_blank' | 'message_exceed_max_chars' | null } {
  const text = typeof value === 'string' ? value.replaceAll('\0', '').trim() : '';
  if (text === '') return { text, error: 'message_blank' };
  return { text, error: [...text].length > maxChars ? 'message_exceed_max_chars' : null };
}

/** Validates an untrusted request body; every problem is reported, not only the first. */
export function validateNewActivity(body: unknown): Validation {
  const record = asRecord(body);
  const errors: ActivityErrorCode[] = [];
  const { text: message, error } = messageText(record.message, MAX_MESSAGE_CHARS);
  const ttl = typeof record.ttl === 'string' ? record.ttl.trim() : '';

  if (error) errors.push(error);

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

/** `POST /api/activities/<uuid>/reply` takes `{message}`: a reply is a crud, 280 characters at most. */
export function validateReply(body: unknown): { ok: true; message: string } | { ok: false; errors: ActivityErrorCode[] } {
  const { text, error } = messageText(asRecord(body).message, MAX_MESSAGE_CHARS);
  return error ? { ok: false, errors: [error] } : { ok: true, message: text };
}

export const MAX_SEARCH_CHARS = 100;
export type SearchErrorCode = 'search_term_blank' | 'search_term_exceed_max_chars' | 'search_term_invalid';

/** The `term` of `GET /api/activities/search`, trimmed; control and invisible characters are refused. */
export function validateSearchTerm(term: string | undefined): { ok: true; term: string } | { ok: false; errors: SearchErrorCode[] } {
  const trimmed = (term ?? '').trim();
  if (trimmed === '') return { ok: false, errors: ['search_term_blank'] };
  if ([...trimmed].length > MAX_SEARCH_CHARS) return { ok: false, errors: ['search_term_exceed_max_chars'] };
  if (hasHiddenCharacters(trimmed)) return { ok: false, errors: ['search_term_invalid'] };
  return { ok: true, term: trimmed };
}
