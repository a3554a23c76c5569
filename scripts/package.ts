/**
 * `npm run package`: store-ready zips for Chrome and Firefox in `artifacts/`.
 * Production builds only; fails if a dev-server loader, a site-wide web-accessible resource
 * other than the feed frame, a match pattern with a port or an unnamed VITE_* variable slipped in, or if `web-ext lint` finds an error in the Firefox
 * build. Build-time defaults come from VITE_* variables (see README, "Real AWS").
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadEnv } from 'vite';
import { buildExtension } from './lib/build.ts';
import { releaseProblems } from './lib/release-check.ts';
import { lintFirefox, zipExtension } from './lib/web-ext.ts';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8')) as { version: string };
const out = await buildExtension({ quiet: true });
// The variables the build saw (as vite.config.ts merges them), to find any unnamed one's value.
const env = { ...loadEnv('production', root, 'VITE_'), ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('VITE_'))) };

let failed = false;
for (const [target, dir] of Object.entries(out)) {
  for (const problem of await releaseProblems(dir, { env })) {
    console.error(`${target}: ${problem}`);
    failed = true;
  }
}
const lint = await lintFirefox(out.firefox);
for (const e of lint.errors) console.error(`firefox lint: ${e.code}: ${e.message}${e.file ? ` (${e.file})` : ''}`);
if (failed || lint.errors.length) {
  console.error('Not packaged: fix the problems above.');
  process.exit(1);
}
for (const [target, dir] of Object.entries(out)) {
  console.log(`${target}: ${await zipExtension(dir, resolve(root, 'artifacts'), `cruddur-companion-${target}-${version}.zip`)}`);
}
