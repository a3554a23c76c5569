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

export async function buildExtension(o: BuildOptions = {}): Promise<Record<Target, string>> {
  const out = {} as Record<Target, string>;
  const saved = { ...process.env };
  Object.assign(process.env, o.env);
  try {
    for (const target of o.targets ?? (['chrome', 'firefox'] as const)) {
      const outDir = resolve(ROOT, o.outRoot ?? 'dist', target);
      process.env.EXTENSION_OUT_DIR = outDir;
      await build({ root: ROOT, configFile: resolve(ROOT, 'vite.config.ts'), mode: target, logLevel: o.quiet ? 'silent' : 'warn' });
      out[target] = outDir;
    }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return out;
}
