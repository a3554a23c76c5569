// `npm run package` twice: once from a copy of this working tree, then as a reviewer would,
// from that package's own source archive unpacked in another folder, at another time, in another
// time zone and with no build variable in the environment: the Chrome zip, the Firefox zip and
// the source archive come out byte for byte the same.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const ENV = { VITE_API_URL: 'https://api.cruddur.example', VITE_WEB_APP_ORIGINS: 'https://cruddur.example', VITE_COGNITO_REGION: 'eu-west-1' };

/** A copy of the files git would archive, with the dependencies linked, in a git repository of its own. */
async function copyOfTree(into: string): Promise<string> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  for (const path of stdout.split('\0').filter(Boolean)) {
    // Files only: not one deleted meanwhile, nor a worktree's node_modules link.
    if (!(await lstat(join(ROOT, path)).catch(() => null))?.isFile()) continue;
    await mkdir(dirname(join(into, path)), { recursive: true });
    await cp(join(ROOT, path), join(into, path));
  }
  await symlink(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  await run('git', ['init', '-q'], { cwd: into });
  await run('git', ['add', '-A'], { cwd: into });
  return into;
}

async function packageIn(dir: string, o: { tz: string; vite: Record<string, string> }): Promise<Record<string, Buffer>> {
  const out = join(dir, 'out');
  // Only the build variables given here: none of the machine's own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITE_')));
  await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/package.ts'], {
    cwd: dir,
    env: { ...env, ...o.vite, TZ: o.tz, PACKAGE_OUT: out },
    timeout: 240_000,
  });
  const names = (await readdir(out)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(out, n))] as const)));
}

/** Every file of a zip written by scripts/lib/zip.ts, through its central directory. */
function entriesOf(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = zip.length - 22;
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26);
    const body = zip.subarray(start, start + zip.readUInt32LE(at + 20));
    files.set(zip.subarray(at + 46, at + 46 + nameLength).toString(), zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(body) : body);
    at += 46 + nameLength;
  }
  return files;
}

/** The source archive unpacked into `into`, as a reviewer does, in a git repository (the archive is one's files). */
async function unpack(zip: Buffer, into: string): Promise<string> {
  for (const [path, data] of entriesOf(zip)) {
    await mkdir(dirname(join(into, path)), { recursive: true });
    await writeFile(join(into, path), data);
  }
  await symlink(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  await run('git', ['init', '-q'], { cwd: into });
  await run('git', ['add', '-A'], { cwd: into });
  return into;
}

const entryOf = (zip: Buffer, path: string) => entriesOf(zip).get(path)?.toString();

describe('npm run package is reproducible', () => {
  let temp: string;
  let first: Record<string, Buffer>;
  let second: Record<string, Buffer>;
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cruddur-package-'));
    first = await packageIn(await copyOfTree(join(temp, 'a')), { tz: 'UTC', vite: ENV });
    const source = first[`cruddur-companion-source-${version}.zip`] ?? Buffer.alloc(0);
    // The reviewer's machine: the build variables come from the archive's .env.local only.
    second = await packageIn(await unpack(source, join(temp, 'elsewhere', 'b')), { tz: 'Asia/Tokyo', vite: {} });
  }, 480_000);
  afterAll(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('writes the two store zips and the source archive, named by the version', () => {
    expect(Object.keys(first)).toEqual([`cruddur-companion-chrome-${version}.zip`, `cruddur-companion-firefox-${version}.zip`, `cruddur-companion-source-${version}.zip`]);
  });

  it("gives the same bytes from its own source archive, in another folder, time and time zone", () => {
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const [name, bytes] of Object.entries(first)) expect(second[name]?.equals(bytes), name).toBe(true);
  });

  it('names no folder of the machine that built it', async () => {
    const built = join(temp, 'a', 'dist');
    const files = (await readdir(built, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = await readFile(join(f.parentPath, f.name), 'latin1');
      expect(text.includes(temp) || text.includes(ROOT), f.name).toBe(false);
    }
  });

  it('puts in the source archive the build variables and the steps to rebuild', () => {
    const source = first[`cruddur-companion-source-${version}.zip`] ?? Buffer.alloc(0);
    expect(entryOf(source, '.env.local')).toContain('VITE_API_URL=https://api.cruddur.example\n');
    expect(entryOf(source, '.env.local')).not.toContain('VITE_COGNITO_CLIENT_ID');
    expect(entryOf(source, 'package-lock.json')).toBeDefined();
    expect(entryOf(source, 'store/README.md')).toContain('npm ci');
    expect(entryOf(source, 'node_modules/vite/package.json')).toBeUndefined();
  });
});
