import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expiresIn, expiryDate, fullDate, readNow, timeAgo } from './time.ts';
import { useLanguage } from './i18n-fake.ts';
import { readApiTime, toActivity } from './activity.ts';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const ahead = (ms: number) => new Date(NOW + ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('timeAgo: how long ago a crud was posted', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['a crud posted this second', ago(0), 'just now'],
    ['59 seconds ago', ago(59 * S), 'just now'],
    ['a server clock slightly ahead', ahead(5 * S), 'just now'],
    ['exactly a minute ago', ago(M), '1m ago'],
    ['59 minutes ago', ago(59 * M + 59 * S), '59m ago'],
    ['an hour ago', ago(H), '1h ago'],
    ['23 hours ago', ago(23 * H + 59 * M), '23h ago'],
    ['a day ago', ago(D), '1d ago'],
    ['six days ago', ago(6 * D + 23 * H), '6d ago'],
    ['a week ago shows the date', '2026-03-03T11:00:00Z', 'Mar 3'],
    ['an unparseable date', 'not a date', ''],
  ])('%s → %j', (_scenario, iso, expected) => {
    expect(timeAgo(iso)).toBe(expected);
  });

  it('follows the clock as time passes', () => {
    const posted = ago(0);
    expect(timeAgo(posted)).toBe('just now');
    vi.advanceTimersByTime(2 * H);
    expect(timeAgo(posted)).toBe('2h ago');
  });
});

describe('expiresIn: when a crud disappears', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['already past', ago(S), 'expired'],
    ['right now', ago(0), 'expired'],
    ['30 seconds left', ahead(30 * S), 'expires in under a minute'],
    ['one minute left', ahead(M), 'expires in 1 minute'],
    ['45 minutes left', ahead(45 * M + 30 * S), 'expires in 45 minutes'],
    ['one hour left', ahead(H), 'expires in 1 hour'],
    ['five hours left', ahead(5 * H + 10 * M), 'expires in 5 hours'],
    ['one day left', ahead(D), 'expires in 1 day'],
    ['a 30-day crud', ahead(30 * D), 'expires in 30 days'],
    ['an unparseable date', 'never', ''],
  ])('%s → %j', (_scenario, iso, expected) => {
    expect(expiresIn(iso)).toBe(expected);
  });

  it('counts down as time passes', () => {
    const expiry = ahead(2 * H);
    expect(expiresIn(expiry)).toBe('expires in 2 hours');
    vi.advanceTimersByTime(90 * M);
    expect(expiresIn(expiry)).toBe('expires in 30 minutes');
    vi.advanceTimersByTime(31 * M);
    expect(expiresIn(expiry)).toBe('expired');
  });
});

describe('in the browser\'s language (German)', () => {
  beforeEach(() => useLanguage('de'));
  afterEach(() => useLanguage('en'));

  it.each([
    ['a crud posted this second', ago(0), 'gerade eben'],
    ['five minutes ago', ago(5 * M), 'vor 5 m'],
    ['two days ago, counted in days, never "vorgestern"', ago(2 * D), 'vor 2 Tagen'],
    ['a week ago shows the date as Germans write it', '2026-03-03T11:00:00Z', '3. März'],
  ])('timeAgo: %s → %j', (_scenario, iso, expected) => {
    expect(timeAgo(iso, NOW)).toBe(expected);
  });

  it.each([
    ['expired', ago(S), 'abgelaufen'],
    ['under a minute', ahead(30 * S), 'läuft in unter einer Minute ab'],
    ['three hours', ahead(3 * H), 'läuft in 3 Stunden ab'],
    ['one day, not "morgen"', ahead(D), 'läuft in 1 Tag ab'],
    ['two days, not "übermorgen"', ahead(2 * D), 'läuft in 2 Tagen ab'],
  ])('expiresIn: %s → %j', (_scenario, iso, expected) => {
    expect(expiresIn(iso, NOW)).toBe(expected);
  });

  it('the tooltip\'s date is German too', () => {
    expect(expiryDate('2026-03-10T12:00:00Z')).toBe(`Läuft ab: ${fullDate('2026-03-10T12:00:00Z')}`);
    expect(fullDate('2026-03-10T12:00:00Z')).toMatch(/^10\.03\.2026, \d{2}:00$/);
  });
});

describe('tooltips', () => {
  it('the full date, and the expiry sentence around it', () => {
    expect(fullDate('2026-03-10T12:00:00Z')).toMatch(/^Mar 10, 2026, \d{1,2}:00\s[AP]M$/);
    expect(expiryDate('2026-03-10T12:00:00Z')).toBe(`Expires ${fullDate('2026-03-10T12:00:00Z')}`);
    expect(expiryDate('soon')).toBe('');
  });
});

describe('readApiTime: a backend\'s time, as the backend means it', () => {
  const utc = Date.parse('2026-12-04T21:13:41.532Z');
  it.each([
    ['this API', '2026-12-04T21:13:41.532Z', utc],
    ['the original, with microseconds and +00:00', '2026-12-04T21:13:41.532810+00:00', utc],
    ['the original, naive (UTC, not local time)', '2026-12-04T21:13:41.532000', utc],
    ['no fraction', '2026-12-04T21:13:41+00:00', utc - 532],
    ['a space instead of T', '2026-12-04 21:13:41.532', utc],
    ['another zone', '2026-12-04T23:13:41.532+02:00', utc],
    ['a zone without a colon', '2026-12-04T20:13:41.532-0100', utc],
    ['minutes only', '2026-12-04T21:13Z', utc - 41_532],
  ])('%s', (_, text, expected) => {
    expect(readApiTime(text)).toBe(expected);
  });

  it('nothing readable is null, and timeAgo says nothing', () => {
    expect(readApiTime('soon')).toBeNull();
    expect(readApiTime('2026-13-45T99:99:99')).toBeNull();
    expect(timeAgo('', utc)).toBe('');
  });

  it('a naive time two days old reads "2d ago" whatever the browser\'s zone', () => {
    expect(timeAgo(toActivity({ created_at: '2026-12-02T21:13:41.532000' })!.created_at, utc)).toBe('2d ago');
  });
});

describe('relative times right after a load read the right unit', () => {
  const T0 = Date.parse('2026-12-04T21:13:41.532Z');
  // The view ticked when it mounted; the feed arrived 300 ms later, dated by the backend's clock then.
  const arrived = T0 + 300;
  const clock = () => arrived;
  it.each([
    ['a two-day-old crud', new Date(arrived - 2 * D).toISOString(), '2d ago'],
    ['an hour-old crud', new Date(arrived - H).toISOString(), '1h ago'],
    ['a minute-old crud', new Date(arrived - M).toISOString(), '1m ago'],
  ])('%s', (_, created, expected) => {
    expect(timeAgo(created, readNow(T0, clock))).toBe(expected);
  });

  it('a clock set back never makes times run backwards past the last tick', () => {
    expect(readNow(T0, () => T0 - 5_000)).toBe(T0);
  });
});
