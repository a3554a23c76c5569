import { describe, expect, it, vi } from 'vitest';
import { lazyView } from './lazy-view.tsx';

const Component = () => null;

describe('lazy views', () => {
  it('fetches the chunk once however often it is asked for', async () => {
    const load = vi.fn(() => Promise.resolve(Component));
    const View = lazyView(load);
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([View.preload(), View.preload()]);
    expect(a).toBe(Component);
    expect(b).toBe(Component);
    await View.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a failed fetch is tried again on the next ask, not remembered', async () => {
    const load = vi.fn<() => Promise<typeof Component>>().mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module')).mockResolvedValue(Component);
    const View = lazyView(load);
    await expect(View.preload()).rejects.toThrow('Failed to fetch dynamically imported module');
    await expect(View.preload()).resolves.toBe(Component);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
