import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCognitoSdk, lazyModule, withoutNodeRequire } from './lazy-sdk-plugin.ts';

// The mechanism on a stand-in module whose evaluation is visible: compiled as the build compiles
// src/auth/lazy-cognito-sdk.ts, then imported, it must run only when loadCognitoSdk() is called.
let dir: string;
const runs = () => (globalThis as { lazySdkRuns?: number }).lazySdkRuns ?? 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lazy-sdk-'));
  await writeFile(join(dir, 'dep.js'), 'export const value = (globalThis.lazySdkRuns = (globalThis.lazySdkRuns ?? 0) + 1);\n');
  await writeFile(join(dir, 'fake-sdk.js'), "export { value } from './dep.js';\nexport const fromStub = 'real';\n");
  await writeFile(join(dir, 'stub.js'), "export const fromStub = 'stub';\n");
  await writeFile(
    join(dir, 'loader.js'),
    "import { value } from './fake-sdk.js';\nimport { fromStub } from 'some-package';\nexport function loadCognitoSdk() { return { value, fromStub }; }\n",
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  delete (globalThis as { lazySdkRuns?: number }).lazySdkRuns;
});

describe('the lazily evaluated SDK module', () => {
  it('evaluates its bundle on the first loadCognitoSdk() call only, once, with the stand-ins swapped in', async () => {
    const code = lazyModule(await bundleCognitoSdk({ module: join(dir, 'loader.js'), stubs: { 'some-package': join(dir, 'stub.js') }, target: 'es2022' }));
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    const lazy = (await import(/* @vite-ignore */ url)) as { loadCognitoSdk(): { value: number; fromStub: string } };
    expect(runs()).toBe(0);
    const first = lazy.loadCognitoSdk();
    expect(first).toEqual({ value: 1, fromStub: 'stub' });
    expect(lazy.loadCognitoSdk()).toBe(first);
    expect(runs()).toBe(1);
  });

  it('swaps only the exact package name: its stand-in still imports files of the package it replaces', async () => {
    await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
    await writeFile(join(dir, 'node_modules/pkg/package.json'), '{"name":"pkg","main":"index.js"}');
    await writeFile(join(dir, 'node_modules/pkg/index.js'), "export const core = 'whole package';\n");
    await writeFile(join(dir, 'node_modules/pkg/inner.js'), "export const core = 'inner file';\n");
    await writeFile(join(dir, 'pkg-stub.js'), "export { core } from 'pkg/inner.js';\n");
    await writeFile(join(dir, 'loader2.js'), "import { core } from 'pkg';\nexport function loadCognitoSdk() { return core; }\n");
    const code = lazyModule(await bundleCognitoSdk({ module: join(dir, 'loader2.js'), stubs: { pkg: join(dir, 'pkg-stub.js') }, target: 'es2022' }));
    const lazy = (await import(/* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { loadCognitoSdk(): string };
    expect(lazy.loadCognitoSdk()).toBe('inner file');
  });
});

describe("the SDK random source without Node's require", () => {
  const source = readFileSync(createRequire(import.meta.url).resolve('amazon-cognito-identity-js/es/utils/cryptoSecureRandomInt.js'), 'utf8');

  it('drops only the require fallback: the browser and globalThis sources stay', () => {
    const out = withoutNodeRequire(source);
    expect(out).not.toMatch(/require\(|typeof require/);
    expect(out).toContain('window.crypto');
    expect(out).toContain('global.crypto');
    expect(out).toContain('export default function cryptoSecureRandomInt');
  });

  it('refuses a random source it does not recognise (an SDK update), rather than ship the shim again', () => {
    expect(() => withoutNodeRequire(source.replace("typeof require === 'function'", "typeof require == 'function'"))).toThrow('the SDK random source changed');
  });
});
