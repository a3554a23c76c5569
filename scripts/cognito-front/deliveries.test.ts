import { describe, expect, it, vi } from 'vitest';
import { Deliveries, type Delivery } from './deliveries.ts';

const delivery = (o: Partial<Delivery> = {}): Delivery => ({ purpose: 'sign-up', username: 'u1', email: 'Ann@Example.test', code: '111111', ...o });

describe('code deliveries', () => {
  it('tells the listener each code and keeps the last per email and purpose, email case ignored', () => {
    const listener = vi.fn();
    const d = new Deliveries(listener);
    d.send(delivery());
    d.send(delivery({ purpose: 'forgot-password', code: '222222' }));
    d.send(delivery({ code: '333333' }));
    expect(listener.mock.calls).toEqual([[delivery()], [delivery({ purpose: 'forgot-password', code: '222222' })], [delivery({ code: '333333' })]]);
    expect(d.latest('ann@example.test', 'sign-up')?.code).toBe('333333');
    expect(d.latest('ann@example.test', 'forgot-password')?.code).toBe('222222');
    expect(d.newest('ANN@example.test')?.code).toBe('333333');
    expect(d.newest('ann@example.test', ['forgot-password', 'resend'])?.code).toBe('222222');
    expect(d.newest('ann@example.test', ['email-otp'])).toBeUndefined();
    expect(d.latest('ann@example.test', 'resend')).toBeUndefined();
    expect(d.newest('bob@example.test')).toBeUndefined();
  });

  it('a throwing listener does not fail the send, and the code is still kept', () => {
    const d = new Deliveries(() => {
      throw new Error('stdout closed');
    });
    expect(() => d.send(delivery())).not.toThrow();
    expect(d.newest('ann@example.test')?.code).toBe('111111');
  });
});
