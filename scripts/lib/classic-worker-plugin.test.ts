import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importClosure, withClassicWorker } from './classic-worker-plugin.ts';

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

describe('importClosure', () => {
  it('follows static imports, relative to each importer, and skips missing and bare ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'closure-'));
    try {
      await mkdir(join(dir, 'assets'));
      await writeFile(join(dir, 'loader.js'), "import './assets/main.js';");
      await writeFile(join(dir, 'assets', 'main.js'), 'import{a}from"./shared.js";import"./gone.js";import x from "preact";export{a};');
      await writeFile(join(dir, 'assets', 'shared.js'), 'export const a=1;');
      expect([...importClosure(dir, 'loader.js')].sort()).toEqual(['assets/main.js', 'assets/shared.js', 'loader.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
