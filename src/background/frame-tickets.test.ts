import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { FrameTickets, MAX_TICKETS, TICKET_TTL_MS } from './frame-tickets.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a feed frame proves our content script drew it', () => {
  it('claims the ticket its content script was given, once', async () => {
    const tickets = new FrameTickets({ store: memoryKV() });
    const ticket = await tickets.issue();
    expect(ticket).toMatch(/^[0-9a-f]{32}$/);
    expect(await tickets.claim(ticket)).toBe(true);
    expect(await tickets.claim(ticket)).toBe(false);
  });

  it.each([
    ['a ticket nobody issued (a site framing the feed page with its own)', 'f00d'.repeat(8)],
    ['an empty ticket', ''],
    ['a name of the object prototype', 'constructor'],
  ])('refuses %s', async (_, forged) => {
    const tickets = new FrameTickets({ store: memoryKV() });
    await tickets.issue();
    expect(await tickets.claim(forged)).toBe(false);
  });

  it('refuses a ticket claimed after it expired', async () => {
    const tickets = new FrameTickets({ store: memoryKV() });
    const ticket = await tickets.issue();
    vi.advanceTimersByTime(TICKET_TTL_MS);
    expect(await tickets.claim(ticket)).toBe(false);
  });

  it('survives a worker restart between issue and claim (storage.session)', async () => {
    const store = memoryKV<'session'>();
    const ticket = await new FrameTickets({ store }).issue();
    expect(await new FrameTickets({ store }).claim(ticket)).toBe(true);
  });

  it(`keeps at most ${MAX_TICKETS} unclaimed tickets, dropping the oldest`, async () => {
    const store = memoryKV<'session'>();
    const tickets = new FrameTickets({ store });
    const issued: string[] = [];
    for (let i = 0; i < MAX_TICKETS + 5; i++) issued.push(await tickets.issue());
    expect(Object.keys((store.data.get('panel:tickets') as Record<string, number> | undefined) ?? {})).toHaveLength(MAX_TICKETS);
    expect(await tickets.claim(issued[0]!)).toBe(false);
    expect(await tickets.claim(issued.at(-1)!)).toBe(true);
  });
});
