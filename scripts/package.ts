/**
 * `npm run package`: store-ready zips for Chrome and Firefox, and the source archive
 * addons.mozilla.org asks for, in `artifacts/` (or `PACKAGE_OUT`).
 * Production builds only; fails if a dev-server loader, a site-wide web-accessible resource
 * other than the feed frame, a match pattern with a port or an unnamed VITE_* variable slipped in, or if `web-ext lint` finds an error in the Firefox
 * build. Build-time defaults come from VITE_* variables (see README, "Real AWS").
 * The zips are reproducible: the same commit and build variables give the same bytes
 * (scripts/lib/zip.ts; store/README.md says how a reviewer rebuilds them).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadEnv } from 'vite';
import { buildExtension } from './lib/build.ts';
import { checkBundleBudgets } from './lib/bundle-budgets.ts';
import { releaseProblems } from './lib/release-check.ts';
import { sourceEntries } from './lib/source-archive.ts';
import { lintFirefox } from './lib/web-ext.ts';
import { filesOf, writeZip } from './lib/zip.ts';

// A store build is a production build whatever the caller's NODE_ENV (a `test` one would give
// libraries' development code, and other bytes).
process.env.NODE_ENV = 'production';
const root = resolve(import.meta.dirname, '..');
const artifacts = resolve(process.env.PACKAGE_OUT ?? resolve(root, 'artifacts'));
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
  // A byte budget is a performance goal: a miss is reported (and recorded by `npm run bench`),
  // not a reason to refuse a store package.
  for (const over of checkBundleBudgets(dir).problems) console.warn(`${target}: over budget: ${over}`);
}
const lint = await lintFirefox(out.firefox);
for (const e of lint.errors) console.error(`firefox lint: ${e.code}: ${e.message}${e.file ? ` (${e.file})` : ''}`);
if (failed || lint.errors.length) {
  console.error('Not packaged: fix the problems above.');
  process.exit(1);
}

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
const written: string[] = [];
for (const [target, dir] of Object.entries(out)) {
  written.push(await writeZip(resolve(artifacts, `cruddur-companion-${target}-${version}.zip`), await filesOf(dir)));
}
const source = await sourceEntries(root, env);
if (source) written.push(await writeZip(resolve(artifacts, `cruddur-companion-source-${version}.zip`), source));
else console.log('Not a git checkout: no source archive (the store zips are complete).');
for (const path of written) console.log(`${path}\n  sha256 ${await sha256(path)}`);
