/**
 * Builds the extension for Chrome and Firefox from one source, with Vite's API.
 * `env` overrides the VITE_* defaults (the e2e setup points a build at its own stack).
 */
import { resolve } from 'node:path';
import { build } from 'vite';
import type { Target } from '../manifest.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BuildOptions {
  targets?: Target[];
  /** VITE_* values that win over `.env.local`. */
  env?: Record<string, string>;
  /** Output root; each target goes to `<outRoot>/<target>`. Default `dist`. */
  outRoot?: string;
  quiet?: boolean;
}

/**
 * crxjs 3 announces its content-script IIFE build with plain console.log calls that ignore
 * `logLevel`; a quiet build drops exactly those lines. (The sub-build's "inlineDynamicImports
 * option is ignored" warning comes from the bundler's native code and cannot be muted here.)
 */
const CRX_CHATTER = [/\[crx:content-scripts-iife\]/, /✓ .+ → .+\.js/];

function muteCrxChatter(): () => void {
  const { log } = console;
  console.log = (...args: unknown[]) => void (CRX_CHATTER.some((re) => re.test(args.map(String).join(' '))) || log(...args));
  return () => {
    console.log = log;
  };
}

export async function buildExtension(o: BuildOptions = {}): Promise<Record<Target, string>> {
  const out = {} as Record<Target, string>;
  const saved = { ...process.env };
  Object.assign(process.env, o.env);
  const unmute = o.quiet ? muteCrxChatter() : () => {};
  try {
    for (const target of o.targets ?? (['chrome', 'firefox'] as const)) {
      const outDir = resolve(ROOT, o.outRoot ?? 'dist', target);
      process.env.EXTENSION_OUT_DIR = outDir;
      await build({ root: ROOT, configFile: resolve(ROOT, 'vite.config.ts'), mode: target, logLevel: o.quiet ? 'silent' : 'warn' });
      out[target] = outDir;
    }
  } finally {
    unmute();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return out;
}
