/**
 * The source archive addons.mozilla.org asks for beside a package: every file git tracks (or
 * would track: new files not ignored), as they are in the working tree, plus a `.env.local`
 * holding the build-time defaults the package was built with, so `npm ci && npm run package` in
 * the unpacked archive builds the same files (store/README.md, "Rebuilding").
 */
import { execFile } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILD_VARIABLES } from '../../src/shared/settings.ts';
import type { ZipEntry } from './zip.ts';

const run = promisify(execFile);

/** The archive's entries, or null when `root` is not a git checkout (an unpacked archive). */
export async function sourceEntries(root: string, env: Record<string, string | undefined>): Promise<ZipEntry[] | null> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(() => null);
  if (!listed) return null;
  const paths = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  const entries: ZipEntry[] = [];
  for (const path of paths) {
    // Deleted in the working tree but not yet in git, or a link (node_modules in a worktree): not sources.
    const stat = await lstat(join(root, path)).catch(() => null);
    if (stat?.isFile()) entries.push({ path, data: await readFile(join(root, path)) });
  }
  entries.push({ path: '.env.local', data: Buffer.from(envFile(env)) });
  return entries;
}

/** The named build variables the build saw, one `NAME=value` line each, in a fixed order. */
export function envFile(env: Record<string, string | undefined>): string {
  // An unset variable stays unset: the build tells it from an empty one.
  const lines = BUILD_VARIABLES.filter((name) => env[name] !== undefined).map((name) => `${name}=${env[name]}`);
  return `# The build-time defaults this package was built with (written by npm run package).\n${lines.join('\n')}\n`;
}
