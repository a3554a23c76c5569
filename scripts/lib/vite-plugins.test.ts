// The build's plugins, listed with the hooks each uses, and held to "documented mechanisms only":
// our plugins use documented Vite/Rollup hooks (and crxjs's public CrxPlugin hook) on our own
// modules; the packages' plugins run exactly as the packages return them (not wrapped, not
// proxied, no hook replaced); nothing answers for, rewrites or aliases a file under
// node_modules or another package's virtual module; no `define` patches a dependency.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { types } from 'node:util';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import type { ConfigEnv, Plugin, PluginOption, UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../vite.config.ts';
import { manifestFor } from '../manifest.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OURS = 'cruddur:';

/** What each of our plugins hooks into; a new plugin or hook is added here on purpose. */
const OUR_PLUGINS: Record<string, string[]> = {
  'cruddur:injected-scripts': ['configResolved', 'generateBundle', 'renderCrxManifest'],
  'cruddur:lazy-cognito-sdk': ['load'],
  'cruddur:first-view-chunks': ['buildEnd', 'config'],
};

/** Documented plugin hooks: Rollup's (build and output), Vite's own, and crxjs's `CrxPlugin`. */
const DOCUMENTED_HOOKS = new Set([
  'options', 'buildStart', 'resolveId', 'load', 'transform', 'moduleParsed', 'buildEnd', 'closeBundle', 'watchChange',
  'resolveDynamicImport', 'outputOptions', 'renderStart', 'banner', 'footer', 'intro', 'outro', 'renderChunk',
  'augmentChunkHash', 'generateBundle', 'writeBundle', 'renderError',
  'config', 'configResolved', 'configureServer', 'configurePreviewServer', 'transformIndexHtml', 'handleHotUpdate', 'hotUpdate',
  'transformCrxManifest', 'renderCrxManifest', 'renderCrxDevScript',
]);
/** Plugin fields that are not hooks. */
const NOT_HOOKS = new Set(['name', 'enforce', 'apply', 'api', 'meta']);

async function flatten(options: PluginOption[]): Promise<Plugin[]> {
  const out: Plugin[] = [];
  for (const option of options) {
    const value = await option;
    if (Array.isArray(value)) out.push(...(await flatten(value)));
    else if (value) out.push(value as Plugin);
  }
  return out;
}

const hooksOf = (p: Plugin) => Object.keys(p).filter((k) => !NOT_HOOKS.has(k)).sort();
/** A hook's code: its function, or its handler and filter (object hooks). */
function sourceOf(hook: unknown): string {
  if (typeof hook === 'function') return hook.toString();
  if (hook && typeof hook === 'object') return Object.entries(hook).map(([k, v]) => `${k}:${typeof v === 'function' ? v.toString() : String(v)}`).join('|');
  return String(hook);
}

async function pluginsFor(mode: 'chrome' | 'firefox', command: ConfigEnv['command']): Promise<{ config: UserConfig; plugins: Plugin[] }> {
  const config = await (viteConfig as (env: ConfigEnv) => UserConfig | Promise<UserConfig>)({ mode, command, isSsrBuild: false, isPreview: false });
  return { config, plugins: await flatten(config.plugins ?? []) };
}

/** The packages' plugins as they return them, by name. */
async function referencePlugins(mode: 'chrome' | 'firefox'): Promise<Map<string, Plugin[]>> {
  const fresh = await flatten([preact(), crx({ manifest: manifestFor(mode, {}) as never, browser: mode })]);
  const byName = new Map<string, Plugin[]>();
  for (const p of fresh) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  return byName;
}

const require = createRequire(import.meta.url);
/** Ids our plugins must never answer for: dependencies' files, bare package names, a Vite virtual module. */
const FOREIGN_IDS = [
  require.resolve('amazon-cognito-identity-js/es/utils/cryptoSecureRandomInt.js'),
  require.resolve('webextension-polyfill'),
  resolve(dirname(require.resolve('buffer')), 'index.js'),
  'buffer',
  'js-cookie',
  '@aws-crypto/sha256-js',
  '\0vite/preload-helper.js',
];

describe.each([
  ['chrome', 'build'],
  ['firefox', 'build'],
  ['chrome', 'serve'],
] as const)('the plugins of vite.config.ts (%s, %s)', (mode, command) => {
  it('are ours (each hook listed) or the packages\' own', async () => {
    const { plugins } = await pluginsFor(mode, command);
    const table = plugins.map((p) => `${p.name}: ${hooksOf(p).join(', ')}`);
    // The list, for whoever reads the test output.
    console.info(`${mode} ${command}:\n  ${table.join('\n  ')}`);
    const ours = Object.fromEntries(plugins.filter((p) => p.name.startsWith(OURS)).map((p) => [p.name, hooksOf(p)]));
    expect(ours).toEqual(Object.fromEntries(Object.entries(OUR_PLUGINS).map(([name, hooks]) => [name, [...hooks].sort()])));
    for (const hooks of Object.values(ours)) for (const hook of hooks) expect(DOCUMENTED_HOOKS.has(hook), hook).toBe(true);
    const reference = await referencePlugins(mode);
    for (const p of plugins.filter((x) => !x.name.startsWith(OURS))) {
      expect(reference.has(p.name), `${p.name} is neither ours nor returned by preact() or crx()`).toBe(true);
    }
  });

  it("leave the packages' plugins as the packages return them: no proxy, no hook replaced", async () => {
    const { plugins } = await pluginsFor(mode, command);
    const reference = await referencePlugins(mode);
    for (const p of plugins) {
      expect(types.isProxy(p), `${p.name} is a Proxy`).toBe(false);
      for (const hook of hooksOf(p)) expect(types.isProxy((p as unknown as Record<string, unknown>)[hook]), `${p.name}.${hook} is a Proxy`).toBe(false);
      if (p.name.startsWith(OURS)) continue;
      const sources = (plugin: Plugin) => Object.fromEntries(hooksOf(plugin).map((h) => [h, sourceOf((plugin as unknown as Record<string, unknown>)[h])]));
      const candidates = (reference.get(p.name) ?? []).map(sources);
      expect(candidates, `${p.name}'s hooks differ from the package's own`).toContainEqual(sources(p));
    }
  });

  it('answer for no file under node_modules, no bare package name and no virtual module of another package', async () => {
    const { plugins } = await pluginsFor(mode, command);
    const context = { resolve: () => null, getModuleInfo: () => null, warn: () => {}, error: (e: unknown) => { throw e; } };
    for (const p of plugins.filter((x) => x.name.startsWith(OURS))) {
      for (const hook of ['resolveId', 'load', 'transform'] as const) {
        const value = p[hook] as unknown;
        if (!value) continue;
        const handler = (typeof value === 'function' ? value : (value as { handler: (...a: unknown[]) => unknown }).handler) as (...a: unknown[]) => unknown;
        for (const id of FOREIGN_IDS) {
          const args = hook === 'transform' ? ['export {}', id] : hook === 'resolveId' ? [id, resolve(ROOT, 'src/auth/lazy-cognito-sdk.ts'), {}] : [id];
          expect(await handler.apply(context, args), `${p.name}.${hook}(${id})`).toBeFalsy();
        }
      }
      const config = typeof p.config === 'function' ? ((await (p.config as (c: UserConfig, e: ConfigEnv) => unknown).call(context, {}, { mode, command, isSsrBuild: false, isPreview: false })) as UserConfig | null) : null;
      expect(config?.resolve?.alias, `${p.name} aliases modules`).toBeUndefined();
      expect(config?.define, `${p.name} defines replacements`).toBeUndefined();
    }
  });

  it('patch no dependency through config: no `define`, no alias', async () => {
    const { config } = await pluginsFor(mode, command);
    expect(config.define).toBeUndefined();
    expect(config.resolve?.alias).toBeUndefined();
    expect(config.optimizeDeps).toBeUndefined();
  });
});

describe('the modules vite.config.ts imports', () => {
  /** vite.config.ts and every module of ours it imports, transitively. */
  function localGraph(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      if (spec) localGraph(resolve(dirname(file), spec), seen);
    }
    return seen;
  }
  const files = [...localGraph(resolve(ROOT, 'vite.config.ts'))];

  it('include our plugins', () => {
    const names = files.map((f) => f.slice(ROOT.length + 1));
    expect(names).toEqual(expect.arrayContaining(['scripts/lib/injected-scripts.ts', 'scripts/lib/lazy-sdk-plugin.ts', 'scripts/lib/first-view-chunks.ts']));
  });

  it.each([
    ['wraps objects in a Proxy', /\bnew\s+Proxy\b|\bProxy\s*\(/],
    ['looks another plugin up by name to change it', /\.name\s*===\s*['"](?!cruddur:)/],
    ['rewrites files with an esbuild onLoad/onResolve plugin', /\bon(?:Load|Resolve)\s*\(/],
    ['deletes files from the disk', /\b(?:rmSync|unlinkSync|rm|unlink)\s*\(/],
    ['names a path under node_modules', /node_modules/],
    ['runs a second Vite build', /from\s+['"]vite['"][^;]*\bbuild\b|\bbuild\s*\(\s*\{\s*configFile/],
  ])('none %s', (_, pattern) => {
    const hits = files.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => f.slice(ROOT.length + 1));
    expect(hits).toEqual([]);
  });
});
