import { describe, expect, it } from 'vitest';
import { withClassicWorker } from './classic-worker-plugin.ts';

describe('withClassicWorker', () => {
  it.each([
    ['Chrome', { service_worker: 'service-worker-loader.js', type: 'module' }, { service_worker: 'background.js' }],
    ['Firefox', { scripts: ['service-worker-loader.js'], type: 'module' }, { scripts: ['background.js'] }],
  ])('points %s at the one classic file and drops type: module', (_browser, background, expected) => {
    const { manifest, loader } = withClassicWorker({ name: 'x', background });
    expect(manifest).toEqual({ name: 'x', background: expected });
    expect(loader).toBe('service-worker-loader.js');
  });

  it('leaves a manifest without a background alone', () => {
    expect(withClassicWorker({ name: 'x' })).toEqual({ manifest: { name: 'x' }, loader: null });
  });
});
