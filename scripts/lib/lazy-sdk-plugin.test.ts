import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCognitoSdk, lazyCognitoSdk, lazyModule } from './lazy-sdk-plugin.ts';

// The mechanism on a stand-in module whose evaluation is visible: compiled as the build compiles
// src/auth/lazy-cognito-sdk.ts, then imported, it must run only when loadCognitoSdk() is called.
let dir: string;
const runs = () => (globalThis as { lazySdkRuns?: number }).lazySdkRuns ?? 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lazy-sdk-'));
  await writeFile(join(dir, 'dep.js'), 'export const value = (globalThis.lazySdkRuns = (globalThis.lazySdkRuns ?? 0) + 1);\n');
  await mkdir(join(dir, 'node_modules/some-package'), { recursive: true });
  await writeFile(join(dir, 'node_modules/some-package/package.json'), '{"name":"some-package","module":"index.js"}');
  await writeFile(join(dir, 'node_modules/some-package/index.js'), "export const from = 'the package';\n");
  await writeFile(join(dir, 'loader.js'), "import { value } from './dep.js';\nimport { from } from 'some-package';\nexport function loadCognitoSdk() { return { value, from }; }\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  delete (globalThis as { lazySdkRuns?: number }).lazySdkRuns;
});

describe('the lazily evaluated SDK module', () => {
  it('evaluates its bundle on the first loadCognitoSdk() call only, once, with every package as it ships', async () => {
    const code = lazyModule(await bundleCognitoSdk({ module: join(dir, 'loader.js'), target: 'es2022' }));
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    const lazy = (await import(/* @vite-ignore */ url)) as { loadCognitoSdk(): { value: number; from: string } };
    expect(runs()).toBe(0);
    const first = lazy.loadCognitoSdk();
    expect(first).toEqual({ value: 1, from: 'the package' });
    expect(lazy.loadCognitoSdk()).toBe(first);
    expect(runs()).toBe(1);
  });

  it('answers for our module only, in builds only', async () => {
    const plugin = lazyCognitoSdk({ module: join(dir, 'loader.js'), target: 'es2022' });
    const load = plugin.load as (id: string) => Promise<string> | null;
    expect(plugin.apply).toBe('build');
    expect(load(join(dir, 'dep.js'))).toBeNull();
    expect(load(join(dir, 'node_modules/some-package/index.js'))).toBeNull();
    expect(await load(`${join(dir, 'loader.js')}?v=1`)).toContain('export function loadCognitoSdk()');
  });

  it("runs the extension's real SDK bundle where a worker runs it: no Node `global`, `window` or `require`", async () => {
    const iife = await bundleCognitoSdk({ module: resolve(import.meta.dirname, '../../src/auth/lazy-cognito-sdk.ts'), target: 'es2022' });
    const context = createContext({ crypto: globalThis.crypto, fetch: globalThis.fetch, TextEncoder, TextDecoder, atob, btoa, console });
    runInContext('globalThis.self = globalThis;', context);
    expect(runInContext("typeof global + typeof window + typeof require", context)).toBe('undefinedundefinedundefined');
    // The SRP helper draws its secret from the SDK's random source and the `buffer` package.
    const largeA = runInContext(`${iife}\nnew (__cognitoSdk.loadCognitoSdk().AuthenticationHelper)('poolName').largeAValue.toString(16);`, context) as string;
    expect(largeA).toMatch(/^[0-9a-f]{700,768}$/);
    expect(runInContext('global === globalThis', context)).toBe(true);
  });
});
