import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closure } from './bundle-graph.ts';

describe('closure', () => {
  it('follows static imports, relative to each importer, and skips missing and bare ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'closure-'));
    try {
      await mkdir(join(dir, 'assets'));
      await writeFile(join(dir, 'loader.js'), "import './assets/main.js';");
      await writeFile(join(dir, 'assets', 'main.js'), 'import{a}from"./shared.js";import"./gone.js";import x from "preact";export{a};');
      await writeFile(join(dir, 'assets', 'shared.js'), 'export const a=1;');
      expect([...closure(dir, 'loader.js')].sort()).toEqual(['assets/main.js', 'assets/shared.js', 'loader.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
